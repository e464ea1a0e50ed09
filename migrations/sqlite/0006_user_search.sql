-- Substring search over mail, given name and surname (ListUsers `search`):
-- an FTS5 trigram index over the users table (external content, kept by
-- triggers). It narrows a search to the rows holding the term's trigrams;
-- the LIKE conditions beside it keep the exact meaning. Terms shorter than
-- three characters have no trigram and fall back to the scan of the tenant.
-- Within a tenant the index is read between the tenant's lowest and highest
-- row id, which users_by_tenant finds in two seeks.

CREATE INDEX users_by_tenant ON users (tenant_id);

CREATE VIRTUAL TABLE users_search USING fts5(
    mail, given_name_key, surname_key,
    content = 'users', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO users_search (users_search) VALUES ('rebuild');

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, mail, given_name_key, surname_key)
    VALUES (new.id, new.mail, new.given_name_key, new.surname_key);
END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, mail, given_name_key, surname_key)
    VALUES ('delete', old.id, old.mail, old.given_name_key, old.surname_key);
END;

CREATE TRIGGER users_search_update AFTER UPDATE OF mail, given_name_key, surname_key ON users
WHEN old.mail IS NOT new.mail OR old.given_name_key IS NOT new.given_name_key
  OR old.surname_key IS NOT new.surname_key
BEGIN
    INSERT INTO users_search (users_search, rowid, mail, given_name_key, surname_key)
    VALUES ('delete', old.id, old.mail, old.given_name_key, old.surname_key);
    INSERT INTO users_search (rowid, mail, given_name_key, surname_key)
    VALUES (new.id, new.mail, new.given_name_key, new.surname_key);
END;
