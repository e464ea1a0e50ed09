-- Directory objects beyond tenants and users: web domains, resource groups,
-- resources and mailing lists. Times are Unix microseconds (UTC).
--
-- Every object of a tenant references tenants (id) ON DELETE CASCADE, so a
-- forced tenant deletion removes all of it in the same statement. Resource
-- and list addresses are reserved in `addresses` (kinds 'resource' and
-- 'mail_list', owner = the object's address) like every other address.

-- Host names of the web interface with their TLS key and certificate chain.
-- Installation-wide (superadmin only). The certificate facts are extracted
-- once, when the certificate is stored.
CREATE TABLE web_domains (
    name               TEXT PRIMARY KEY,
    private_key_pem    TEXT NOT NULL,
    certificate_pem    TEXT NOT NULL,
    subject            TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    -- JSON array of the subjectAltName DNS names
    dns_names          TEXT NOT NULL,
    not_before         INTEGER NOT NULL,
    not_after          INTEGER NOT NULL,
    sha256_fingerprint TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE resource_groups (
    id         INTEGER PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    -- lower-cased name (Unicode-aware, computed by pbm): names are unique
    -- and looked up case-insensitively, as LDAP compares `cn`
    name_key   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, name_key)
);

CREATE TABLE resources (
    mail                    TEXT PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    group_id                INTEGER NOT NULL REFERENCES resource_groups (id) ON DELETE CASCADE,
    display_name            TEXT NOT NULL,
    description             TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    address_book_visibility INTEGER NOT NULL,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    revision                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX resources_by_group ON resources (group_id, mail);
CREATE INDEX resources_by_tenant ON resources (tenant_id, mail);

CREATE TABLE mail_lists (
    id                      INTEGER PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mail                    TEXT NOT NULL UNIQUE,
    display_name            TEXT NOT NULL,
    address_book_visibility INTEGER NOT NULL,
    -- accessTo=local_only: the mail layer accepts messages to the list from
    -- senders inside the installation only
    internal_only           INTEGER NOT NULL DEFAULT 1,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    revision                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mail_lists_by_tenant ON mail_lists (tenant_id, mail);

-- Members are addresses (internal ones exist in `addresses`, external ones
-- are anywhere else); a list renamed keeps its id, hence its members.
CREATE TABLE mail_list_members (
    list_id INTEGER NOT NULL REFERENCES mail_lists (id) ON DELETE CASCADE,
    member  TEXT NOT NULL,
    PRIMARY KEY (list_id, member)
);
CREATE INDEX mail_list_members_by_member ON mail_list_members (member);
