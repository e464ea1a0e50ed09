-- Runtime settings, brute-force bookkeeping, CEF export flags (see the SQLite schema).

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE settings_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (1, 0);

CREATE TABLE login_failures (
    source  TEXT NOT NULL,
    attempt TEXT NOT NULL,
    at      BIGINT NOT NULL,
    PRIMARY KEY (source, attempt)
);
CREATE INDEX login_failures_by_time ON login_failures (source, at);

CREATE TABLE lockouts (
    source TEXT PRIMARY KEY,
    until  BIGINT NOT NULL
);

-- CEF export: events not written to the CEF log yet. A flag rather than a
-- cursor, because ids from concurrent transactions may commit out of order.
ALTER TABLE audit_events ADD COLUMN exported BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX audit_events_pending_export ON audit_events (id) WHERE NOT exported;
