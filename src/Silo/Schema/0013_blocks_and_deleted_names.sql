-- Issue 20 (account lifecycle): who blocks whom, and the names of deleted accounts while they are held.
--
-- A block belongs to both users: deleting either account deletes it (ON DELETE CASCADE), as it deletes the user's
-- keys, presence and every session the user took part in. A deleted account's name is held until held_until, so that
-- nobody registers it at once and passes for the old account with contacts who know it by name; the retention sweep
-- deletes the row once the hold has passed (docs/operations.md, "LogChat:Accounts").

CREATE TABLE user_blocks (
    blocker_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);

-- Who blocks a user, when that user's account is deleted.
CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id);

CREATE TABLE deleted_usernames (
    username   text        PRIMARY KEY CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
    held_until timestamptz NOT NULL
);

CREATE INDEX deleted_usernames_held_until ON deleted_usernames (held_until);
