-- Pauses of the LDAP writes of a tenant ('' for every tenant), across replicas: a list's
-- last attempt at one revision (store::snapshot) inserts one, waits for the intents under way,
-- reads, and deletes it. A replica writes no intent of a paused tenant until the pause is
-- deleted or past `until` (Unix microseconds; left by a replica killed mid-list, it lapses).
CREATE TABLE write_pauses (
    pause     TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    until     BIGINT NOT NULL
);
