-- Substring search over mail, given name and surname within one tenant.
--
-- Searches always name a tenant. The three trigram indexes of 0001 each
-- answered for the whole installation: at 1M users a four-letter term matched
-- tens of thousands of rows in every tenant, which were then intersected with
-- the tenant's 10,000 (14 ms for the count alone). One GIN index keyed by the
-- tenant (btree_gin) and the trigrams of the three columns joined by spaces
-- finds the tenant's matches directly (under 1 ms). The store queries it with
-- the same joined expression as a narrowing condition; the exact per-column
-- LIKE conditions stay beside it, so a term spanning two columns is not a hit.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX users_live_search ON users
    USING gin (tenant_id, (mail || ' ' || given_name_key || ' ' || surname_key) gin_trgm_ops)
    WHERE deleted_at IS NULL;
DROP INDEX users_search_mail;
DROP INDEX users_search_given_name;
DROP INDEX users_search_surname;
