-- Service state: login sessions and their refresh tokens (hashes only).

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    account    TEXT NOT NULL,
    tenant_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX sessions_by_account ON sessions (account);
CREATE INDEX sessions_by_tenant ON sessions (tenant_id);

CREATE TABLE refresh_tokens (
    hash       TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);
