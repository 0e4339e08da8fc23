-- Two users behind one router connect over their LAN: presence keeps the interface addresses a user's client reported
-- with its last measurement, and a session between two users observed at one public address keeps the host's, to send
-- the dialler (only then: a private address is never sent to someone on another network).

ALTER TABLE user_presence ADD COLUMN local_addresses text[] NOT NULL DEFAULT '{}';
ALTER TABLE sessions ADD COLUMN host_lan_addresses text[] NOT NULL DEFAULT '{}';
