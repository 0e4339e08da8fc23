-- Key rotation (issue 20, account keys): a user's identity keys form a history in public_keys. The current key is the
-- one row without retired_at; a rotation retires it (with the time) and adds the new key in one transaction. A key that
-- its predecessor signed over carries that signature and the signed time (docs/protocol.md section 23); a key published
-- without the old one (a lost device) carries neither, and contacts' clients then see a changed key.

ALTER TABLE public_keys
    ADD COLUMN retired_at         timestamptz,
    ADD COLUMN rotation_signature bytea CHECK (rotation_signature IS NULL OR octet_length(rotation_signature) = 64),
    ADD COLUMN rotation_signed_at timestamptz,
    ADD CONSTRAINT public_keys_rotation_signed_at_time CHECK ((rotation_signature IS NULL) = (rotation_signed_at IS NULL)),
    ADD CONSTRAINT public_keys_retired_after_created CHECK (retired_at IS NULL OR retired_at >= created_at);

-- Before rotation existed a user had exactly one key; should any user have more, only the newest stays current.
UPDATE public_keys old SET retired_at = newer.created_at
FROM public_keys newer
WHERE newer.user_id = old.user_id AND newer.key_type = old.key_type AND newer.created_at > old.created_at
  AND old.retired_at IS NULL;

CREATE UNIQUE INDEX public_keys_one_current ON public_keys (user_id, key_type) WHERE retired_at IS NULL;
