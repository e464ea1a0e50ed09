-- Checkpoints of directory imports (BackupService.ImportDirectory), so that
-- an interrupted import can be resumed by its id: how many objects of the
-- input (identified by its SHA-256) were applied, and the counts so far.
CREATE TABLE backup_imports (
    id           TEXT PRIMARY KEY,
    input_sha256 TEXT NOT NULL,
    mode         TEXT NOT NULL,
    applied      INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    replaced     INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    done         INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
