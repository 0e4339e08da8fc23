-- A session keeps the host's endpoint while it is ready, so that a session reactivated on another silo can still
-- send the dialler where to connect. The endpoint is cleared when the session ends.

ALTER TABLE sessions
    ADD COLUMN host_address            text,
    ADD COLUMN host_port               integer CHECK (host_port BETWEEN 1 AND 65535),
    ADD COLUMN host_certificate_sha256 bytea   CHECK (octet_length(host_certificate_sha256) = 32),
    ADD CONSTRAINT sessions_host_endpoint_whole
        CHECK ((host_address IS NULL) = (host_port IS NULL) AND (host_port IS NULL) = (host_certificate_sha256 IS NULL)),
    ADD CONSTRAINT sessions_host_endpoint_while_ready
        CHECK (host_address IS NULL OR state = 'host_ready');

-- A user's open sessions, read when the user connects (to replay what is pending) and goes offline (to end them).
CREATE INDEX sessions_open_initiator ON sessions (initiator_id) WHERE state <> 'ended';
CREATE INDEX sessions_open_responder ON sessions (responder_id) WHERE state <> 'ended';
