-- The audit trail (see the SQLite schema).

CREATE TABLE audit_events (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    actor_tenant TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    tenant_id    TEXT NOT NULL,
    rpc          TEXT NOT NULL,
    target       TEXT NOT NULL,
    before       TEXT,
    after        TEXT,
    result       TEXT NOT NULL,
    detail       TEXT NOT NULL
);
CREATE INDEX audit_events_by_tenant ON audit_events (tenant_id, id);
CREATE INDEX audit_events_by_actor ON audit_events (actor, id);
CREATE INDEX audit_events_by_target ON audit_events (target, id);
CREATE INDEX audit_events_by_time ON audit_events (at);
