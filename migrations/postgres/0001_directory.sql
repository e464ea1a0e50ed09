-- Directory objects of pbm on PostgreSQL. Times are Unix microseconds (UTC),
-- as on SQLite. Text that is sorted or compared uses COLLATE "C" so that
-- every backend orders (and pages) identically.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
    id           TEXT COLLATE "C" PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE mail_domains (
    name              TEXT COLLATE "C" PRIMARY KEY,
    tenant_id         TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    associated_domain TEXT NOT NULL DEFAULT '',
    is_default        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        BIGINT NOT NULL
);
CREATE INDEX mail_domains_by_tenant ON mail_domains (tenant_id, name);
CREATE UNIQUE INDEX mail_domains_one_default ON mail_domains (tenant_id) WHERE is_default;

CREATE TABLE users (
    id                      BIGSERIAL PRIMARY KEY,
    tenant_id               TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT COLLATE "C" NOT NULL UNIQUE,
    alternate_address       TEXT NOT NULL DEFAULT '',
    role                    INTEGER NOT NULL,
    given_name              TEXT NOT NULL,
    surname                 TEXT NOT NULL,
    given_name_key          TEXT COLLATE "C" NOT NULL,
    surname_key             TEXT COLLATE "C" NOT NULL,
    middle_name             TEXT NOT NULL DEFAULT '',
    department              TEXT NOT NULL DEFAULT '',
    title                   TEXT NOT NULL DEFAULT '',
    description             TEXT NOT NULL DEFAULT '',
    home_phone              TEXT NOT NULL DEFAULT '',
    work_phone              TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    telegram                TEXT NOT NULL DEFAULT '',
    skype                   TEXT NOT NULL DEFAULT '',
    quota_bytes             BIGINT,
    display_name            TEXT NOT NULL DEFAULT '',
    status                  INTEGER NOT NULL,
    lang                    TEXT NOT NULL,
    address_book_visibility INTEGER NOT NULL,
    password_hash           TEXT NOT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    deleted_at              BIGINT,
    revision                BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX users_live_by_mail ON users (tenant_id, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_given_name ON users (tenant_id, given_name_key, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_surname ON users (tenant_id, surname_key, mail) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;
-- Substring search over mail, given name and surname (LIKE '%x%').
CREATE INDEX users_search_mail ON users USING gin (mail gin_trgm_ops);
CREATE INDEX users_search_given_name ON users USING gin (given_name_key gin_trgm_ops);
CREATE INDEX users_search_surname ON users USING gin (surname_key gin_trgm_ops);

-- Every address of the installation (see the SQLite schema for the kinds).
CREATE TABLE addresses (
    address   TEXT COLLATE "C" PRIMARY KEY,
    tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    owner     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX addresses_by_owner ON addresses (owner, kind);
CREATE INDEX addresses_by_tenant ON addresses (tenant_id);
