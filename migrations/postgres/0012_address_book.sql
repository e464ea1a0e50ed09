-- The corporate address book on PostgreSQL: external contacts and the name
-- keys of resources and lists (see the SQLite schema of the same number for
-- the design). Text that is sorted or compared uses COLLATE "C".
CREATE TABLE contacts (
    id                      BIGSERIAL PRIMARY KEY,
    tenant_id               TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT COLLATE "C" NOT NULL,
    name                    TEXT NOT NULL,
    name_key                TEXT COLLATE "C" NOT NULL,
    phones                  TEXT NOT NULL DEFAULT '[]',
    title                   TEXT NOT NULL DEFAULT '',
    department              TEXT NOT NULL DEFAULT '',
    office                  TEXT NOT NULL DEFAULT '',
    street                  TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    address_book_visibility INTEGER NOT NULL,
    source                  TEXT COLLATE "C" NOT NULL,
    source_id               TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    revision                BIGINT NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, mail)
);
CREATE INDEX contacts_by_name ON contacts (tenant_id, name_key, mail);
CREATE INDEX contacts_by_source ON contacts (tenant_id, source, source_id);

ALTER TABLE resources ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE resources SET name_key = lower(display_name);
CREATE INDEX resources_by_name ON resources (tenant_id, name_key, mail);
ALTER TABLE mail_lists ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE mail_lists SET name_key = lower(display_name);
CREATE INDEX mail_lists_by_name ON mail_lists (tenant_id, name_key, mail);
