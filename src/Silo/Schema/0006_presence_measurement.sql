-- Presence holds measured facts: when the user's reachability (dial-back) and NAT type were last measured, for the
-- address in public_address (the address a gateway observed). NULL: never measured since the user came online.

ALTER TABLE user_presence ADD COLUMN measured_at timestamptz;
