-- Directory objects of pbm on SQLite. Times are Unix microseconds (UTC).

CREATE TABLE tenants (
    id           TEXT PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE mail_domains (
    name              TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    associated_domain TEXT NOT NULL DEFAULT '',
    is_default        INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX mail_domains_by_tenant ON mail_domains (tenant_id, name);
-- Exactly one default domain per tenant.
CREATE UNIQUE INDEX mail_domains_one_default ON mail_domains (tenant_id) WHERE is_default = 1;

CREATE TABLE users (
    id                      INTEGER PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT NOT NULL UNIQUE,
    alternate_address       TEXT NOT NULL DEFAULT '',
    role                    INTEGER NOT NULL,
    given_name              TEXT NOT NULL,
    surname                 TEXT NOT NULL,
    -- lower-cased copies (Unicode-aware, computed by pbm) for sorting and search
    given_name_key          TEXT NOT NULL,
    surname_key             TEXT NOT NULL,
    middle_name             TEXT NOT NULL DEFAULT '',
    department              TEXT NOT NULL DEFAULT '',
    title                   TEXT NOT NULL DEFAULT '',
    description             TEXT NOT NULL DEFAULT '',
    home_phone              TEXT NOT NULL DEFAULT '',
    work_phone              TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    telegram                TEXT NOT NULL DEFAULT '',
    skype                   TEXT NOT NULL DEFAULT '',
    quota_bytes             INTEGER,
    display_name            TEXT NOT NULL DEFAULT '',
    status                  INTEGER NOT NULL,
    lang                    TEXT NOT NULL,
    address_book_visibility INTEGER NOT NULL,
    password_hash           TEXT NOT NULL,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    deleted_at              INTEGER,
    revision                INTEGER NOT NULL DEFAULT 1
);
-- Keyset paging within a tenant for each sort key; the partial indexes hold
-- live users only, so listings never touch soft-deleted rows.
CREATE INDEX users_live_by_mail ON users (tenant_id, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_given_name ON users (tenant_id, given_name_key, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_surname ON users (tenant_id, surname_key, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;

-- Every address of the installation, whatever owns it: the primary key makes
-- addresses unique system-wide, also under concurrent writers.
--   kind: 'mail' (a user's primary address), 'alternate', 'alias',
--         'resource', 'mail_list'
--   owner: the primary address of the owning object
CREATE TABLE addresses (
    address   TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    owner     TEXT NOT NULL
);
CREATE INDEX addresses_by_owner ON addresses (owner, kind);
CREATE INDEX addresses_by_tenant ON addresses (tenant_id);
