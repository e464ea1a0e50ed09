-- The change log (README "Change feed"): one row per committed change of a
-- directory object or ended session, keyed by its revision. The revision is
-- given by the one row of change_revision, updated as the last statement of the
-- change's transaction: on PostgreSQL its row lock makes transactions take
-- revisions in commit order, so a reader that has seen revision N has seen every
-- revision below it. pruned_through is the highest revision pruned by retention.
CREATE TABLE change_log (
    revision  BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    tenant_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    op        INTEGER NOT NULL
);
CREATE INDEX change_log_by_time ON change_log (at);

CREATE TABLE change_revision (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    latest         BIGINT NOT NULL,
    pruned_through BIGINT NOT NULL
);
INSERT INTO change_revision (id, latest, pruned_through) VALUES (1, 0, 0);

-- Changes of an LDAP directory, written before the LDAP write and turned into
-- change_log rows with its audit event after it; rows left by a process killed in
-- between are turned into change_log rows at the next start, so that no change
-- made through pbm is missing from the log.
CREATE TABLE change_intents (
    intent    TEXT NOT NULL,
    at        BIGINT NOT NULL,
    tenant_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    op        INTEGER NOT NULL
);
CREATE INDEX change_intents_by_intent ON change_intents (intent);
