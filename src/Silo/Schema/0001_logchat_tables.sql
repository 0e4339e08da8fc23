-- LogChat's system of record: users, their public keys, presence and session metadata.
-- No message content is ever stored. Usernames are stored in canonical lower case.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public_keys (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_type   text        NOT NULL CHECK (key_type IN ('ed25519')),
    public_key bytea       NOT NULL CHECK (octet_length(public_key) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, key_type, public_key)
);

CREATE INDEX public_keys_user_id ON public_keys (user_id);

CREATE TABLE user_presence (
    user_id            uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    is_online          boolean     NOT NULL DEFAULT false,
    nat_type           text        NOT NULL DEFAULT 'unknown'
                                   CHECK (nat_type IN ('unknown', 'none', 'full_cone', 'restricted', 'symmetric')),
    can_accept_inbound boolean     NOT NULL DEFAULT false,
    public_address     text,
    -- The silo address of the gateway that holds the user's Connect stream while online.
    gateway            text,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX user_presence_online_gateway ON user_presence (gateway) WHERE is_online;

CREATE TABLE sessions (
    id            uuid        PRIMARY KEY,
    initiator_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    responder_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    host_id       uuid        REFERENCES users (id) ON DELETE CASCADE,
    state         text        NOT NULL CHECK (state IN ('requested', 'accepted', 'host_ready', 'ended')),
    started_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    host_ready_at timestamptz,
    ended_at      timestamptz,
    end_reason    text,
    CHECK (initiator_id <> responder_id),
    CHECK ((state = 'ended') = (ended_at IS NOT NULL AND end_reason IS NOT NULL))
);

CREATE INDEX sessions_initiator ON sessions (initiator_id);
CREATE INDEX sessions_responder ON sessions (responder_id);
CREATE INDEX sessions_open ON sessions (state) WHERE state <> 'ended';
