-- A punched session (neither side reachable, both NATs endpoint-independent) keeps, while both sides get ready, the
-- public endpoints a gateway observed their punch ports at: the host's in host_address/host_port (with its certificate),
-- the dialler's in dialler_punch_*. Both are cleared when the session ends.

ALTER TABLE sessions
    DROP CONSTRAINT sessions_host_endpoint_while_ready,
    ADD CONSTRAINT sessions_host_endpoint_while_ready
        CHECK (host_address IS NULL OR state = 'host_ready' OR (state = 'accepted' AND path = 'punched')),
    ADD COLUMN dialler_punch_address text,
    ADD COLUMN dialler_punch_port    integer CHECK (dialler_punch_port BETWEEN 1 AND 65535),
    ADD CONSTRAINT sessions_dialler_punch_whole CHECK ((dialler_punch_address IS NULL) = (dialler_punch_port IS NULL)),
    ADD CONSTRAINT sessions_dialler_punch_only_punched CHECK (dialler_punch_address IS NULL OR path = 'punched');
