-- The relay rung: a session whose peers have no direct path, or whose direct attempt or punch failed, goes through a
-- relay. While it does (state 'relaying'), host_address/host_port hold the relay's endpoint with the host's certificate,
-- and relay_id/relay_expires_at what the tickets are issued again from on replay (tickets are never stored). The relay
-- id stays after the session ended, to show which relay carried it.

ALTER TABLE sessions
    DROP CONSTRAINT sessions_state_check,
    ADD CONSTRAINT sessions_state_check CHECK (state IN ('requested', 'accepted', 'host_ready', 'relaying', 'ended')),
    DROP CONSTRAINT sessions_host_endpoint_while_ready,
    ADD CONSTRAINT sessions_host_endpoint_while_ready
        CHECK (host_address IS NULL OR state IN ('host_ready', 'relaying') OR (state = 'accepted' AND path = 'punched')),
    ADD COLUMN relay_id         text CHECK (octet_length(relay_id) BETWEEN 1 AND 64),
    ADD COLUMN relay_expires_at timestamptz,
    ADD CONSTRAINT sessions_relay_whole CHECK ((relay_id IS NULL) = (relay_expires_at IS NULL)),
    ADD CONSTRAINT sessions_relay_only_relayed CHECK (relay_id IS NULL OR path = 'relayed');
