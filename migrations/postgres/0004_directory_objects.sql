-- Directory objects beyond tenants and users on PostgreSQL: web domains,
-- resource groups, resources and mailing lists (see the SQLite schema of
-- the same number for the design). Times are Unix microseconds (UTC); text
-- that is sorted or compared uses COLLATE "C", as everywhere.

CREATE TABLE web_domains (
    name               TEXT COLLATE "C" PRIMARY KEY,
    private_key_pem    TEXT NOT NULL,
    certificate_pem    TEXT NOT NULL,
    subject            TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    -- JSON array of the subjectAltName DNS names
    dns_names          TEXT NOT NULL,
    not_before         BIGINT NOT NULL,
    not_after          BIGINT NOT NULL,
    sha256_fingerprint TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE resource_groups (
    id         BIGSERIAL PRIMARY KEY,
    tenant_id  TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    -- lower-cased name (computed by pbm): unique and looked up case-insensitively
    name_key   TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, name_key)
);

CREATE TABLE resources (
    mail                    TEXT COLLATE "C" PRIMARY KEY,
    tenant_id               TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    group_id                BIGINT NOT NULL REFERENCES resource_groups (id) ON DELETE CASCADE,
    display_name            TEXT NOT NULL,
    description             TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    address_book_visibility INTEGER NOT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    revision                BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX resources_by_group ON resources (group_id, mail);
CREATE INDEX resources_by_tenant ON resources (tenant_id, mail);

CREATE TABLE mail_lists (
    id                      BIGSERIAL PRIMARY KEY,
    tenant_id               TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name            TEXT NOT NULL,
    address_book_visibility INTEGER NOT NULL,
    -- accessTo=local_only: senders inside the installation only
    internal_only           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    revision                BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX mail_lists_by_tenant ON mail_lists (tenant_id, mail);

CREATE TABLE mail_list_members (
    list_id BIGINT NOT NULL REFERENCES mail_lists (id) ON DELETE CASCADE,
    member  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (list_id, member)
);
CREATE INDEX mail_list_members_by_member ON mail_list_members (member);
