-- Service state beside the audit trail: runtime settings (when pbm runs
-- without etcd), brute-force bookkeeping, and what the CEF export still owes.

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

-- CEF export: events not written to the CEF log yet. A flag rather than a
-- cursor, because ids from concurrent transactions may commit out of order.
ALTER TABLE audit_events ADD COLUMN exported INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_events_pending_export ON audit_events (id) WHERE exported = 0;
