-- The corporate address book (guide §2.15): external contacts, and the name
-- keys the book searches and sorts resources and lists by. Times are Unix
-- microseconds (UTC).
--
-- A contact's address is unique within its tenant's address book only: it is
-- not reserved in `addresses` (a contact is never a login), and pbm refuses a
-- contact whose address an object of the tenant holds.
CREATE TABLE contacts (
    id                      INTEGER PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    -- lower-cased name (Unicode-aware, computed by pbm) for sorting and search
    name_key                TEXT NOT NULL,
    -- JSON array of phone numbers
    phones                  TEXT NOT NULL DEFAULT '[]',
    title                   TEXT NOT NULL DEFAULT '',
    department              TEXT NOT NULL DEFAULT '',
    office                  TEXT NOT NULL DEFAULT '',
    street                  TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    address_book_visibility INTEGER NOT NULL,
    -- 'manual', 'ad', 'bitrix24'; source_id: the entry's stable id there
    source                  TEXT NOT NULL,
    source_id               TEXT NOT NULL DEFAULT '',
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    revision                INTEGER NOT NULL DEFAULT 1,
    UNIQUE (tenant_id, mail)
);
CREATE INDEX contacts_by_name ON contacts (tenant_id, name_key, mail);
CREATE INDEX contacts_by_source ON contacts (tenant_id, source, source_id);

-- Lower-cased display names of resources and lists (computed by pbm on every
-- write; rows written before this migration get SQLite's ASCII lower-casing
-- until their next change).
ALTER TABLE resources ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE resources SET name_key = lower(display_name);
CREATE INDEX resources_by_name ON resources (tenant_id, name_key, mail);
ALTER TABLE mail_lists ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE mail_lists SET name_key = lower(display_name);
CREATE INDEX mail_lists_by_name ON mail_lists (tenant_id, name_key, mail);
