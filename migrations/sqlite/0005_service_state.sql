-- Service state beside the audit trail: runtime settings (when pbm runs
-- without etcd), brute-force bookkeeping, and the CEF exporter's cursor.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
-- One row; its version changes with every runtime settings change.
CREATE TABLE settings_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (1, 0);

-- Distinct failed attempts (digest of login+password) per source address.
CREATE TABLE login_failures (
    source  TEXT NOT NULL,
    attempt TEXT NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (source, attempt)
);
CREATE INDEX login_failures_by_time ON login_failures (source, at);

CREATE TABLE lockouts (
    source TEXT PRIMARY KEY,
    until  INTEGER NOT NULL
);

CREATE TABLE export_cursors (
    exporter TEXT PRIMARY KEY,
    last_id  INTEGER NOT NULL
);
