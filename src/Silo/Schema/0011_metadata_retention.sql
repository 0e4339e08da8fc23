-- Bounded metadata (docs/operations.md, "Retention"). An ended session keeps no endpoint of either side: the host's
-- already may not outlive host_ready (sessions_host_endpoint_while_ready); now neither may the dialler's punch port or
-- the host's LAN addresses. An offline user's row keeps no address. Every silo deletes ended sessions and expired
-- token rows past their retention; the indexes keep each delete to the rows it removes.

UPDATE sessions SET dialler_punch_address = NULL, dialler_punch_port = NULL, host_lan_addresses = '{}'
WHERE state = 'ended' AND (dialler_punch_address IS NOT NULL OR host_lan_addresses <> '{}');

ALTER TABLE sessions
    ADD CONSTRAINT sessions_no_endpoint_once_ended
        CHECK (state <> 'ended' OR (dialler_punch_address IS NULL AND host_lan_addresses = '{}'));

UPDATE user_presence SET public_address = NULL, local_addresses = '{}' WHERE NOT is_online;

CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE state = 'ended';
CREATE INDEX orleans_grain_state_type_modified ON orleans_grain_state (grain_type, modified_at);
