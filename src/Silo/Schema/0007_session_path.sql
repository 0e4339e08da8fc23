-- Which rung of the connection ladder a session uses, chosen when the host is selected, and when the peers'
-- connection was first reported up (so that setup time per path can be measured with plain SQL).

ALTER TABLE sessions
    ADD COLUMN path         text CHECK (path IN ('direct', 'reversed', 'punched', 'relayed')),
    ADD COLUMN connected_at timestamptz;
