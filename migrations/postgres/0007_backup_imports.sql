-- Checkpoints of directory imports (BackupService.ImportDirectory), so that
-- an interrupted import can be resumed by its id: how many objects of the
-- input (identified by its SHA-256) were applied, and the counts so far.
CREATE TABLE backup_imports (
    id           TEXT PRIMARY KEY,
    input_sha256 TEXT NOT NULL,
    mode         TEXT NOT NULL,
    applied      BIGINT NOT NULL,
    added        BIGINT NOT NULL,
    replaced     BIGINT NOT NULL,
    unchanged    BIGINT NOT NULL,
    done         BOOLEAN NOT NULL,
    updated_at   BIGINT NOT NULL
);
