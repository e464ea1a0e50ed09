-- Service accounts and their API keys (issue #17): identities for other
-- programs. Service state, beside the directory (also when the directory is
-- LDAP). A key is stored only as the SHA-256 of its secret part.

CREATE TABLE service_accounts (
    -- '' for an installation-wide account (superadmins only)
    tenant_id   TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    description TEXT NOT NULL,
    -- the scopes, as a JSON array of names
    scopes      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE api_keys (
    -- the id part of the key (pbm_sk_<id>_<secret>): looked up without a scan
    id             TEXT COLLATE "C" PRIMARY KEY,
    tenant_id      TEXT COLLATE "C" NOT NULL,
    account        TEXT COLLATE "C" NOT NULL,
    -- SHA-256 (hex) of the secret part
    secret_hash    TEXT NOT NULL,
    description    TEXT NOT NULL,
    -- the client networks allowed, as a JSON array of CIDRs (empty: any)
    networks       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT,
    revoked_at     BIGINT,
    last_used_at   BIGINT,
    last_used_addr TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (tenant_id, account) REFERENCES service_accounts (tenant_id, name) ON DELETE CASCADE
);
CREATE INDEX api_keys_by_account ON api_keys (tenant_id, account);
