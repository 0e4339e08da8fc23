-- Grain state for the ADO.NET grain storage provider, for state that has no table of its own.
--
-- Contract (Orleans.Persistence.AdoNet): a grain is identified by @ServiceId, @GrainTypeString and its id
-- (@GrainIdN0, @GrainIdN1 and the optional @GrainIdExtensionString); @GrainIdHash and @GrainTypeHash are
-- also bound but not needed here, as the unique key below finds the row. @GrainStateVersion is the
-- version (ETag) the grain last read, NULL when it has never stored anything. A write or clear returns
-- the new version, and no row when the grain's version is stale: Orleans then raises an
-- InconsistentStateException instead of overwriting newer state.

CREATE TABLE orleans_grain_state (
    service_id          varchar(150) NOT NULL,
    grain_type          varchar(512) NOT NULL,
    grain_id_n0         bigint       NOT NULL,
    grain_id_n1         bigint       NOT NULL,
    grain_id_extension  varchar(512),
    -- NULL after a clear that keeps the row (the version lives on).
    payload             bytea,
    version             integer      NOT NULL,
    modified_at         timestamptz  NOT NULL DEFAULT now(),
    -- NULLS NOT DISTINCT (PostgreSQL 15+): a grain without key extension has exactly one row too.
    CONSTRAINT orleans_grain_state_key UNIQUE NULLS NOT DISTINCT
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$sql$),

-- First write (no version): insert, unless another activation got there first.
-- Later writes: update only the version the grain read.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleans_grain_state (
        service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_key DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$sql$),

('ClearStorageKey', $sql$
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$sql$),

-- Used when DeleteStateOnClear is set; answers the deleted version + 1 as Orleans expects.
('DeleteStorageKey', $sql$
DELETE FROM orleans_grain_state
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$sql$);
