-- The externalId an identity provider gave each user it provisions over SCIM
-- (/scim/v2, RFC 7643 §3.1): unique within a tenant, so that the provider's
-- lookups by it find one user. Service state, beside the directory (also when
-- the directory is LDAP), like directory_accounts.
CREATE TABLE scim_external_ids (
    tenant_id   TEXT NOT NULL,
    -- the pbm user (its primary address)
    mail        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, mail)
);
CREATE UNIQUE INDEX scim_external_ids_by_id ON scim_external_ids (tenant_id, external_id);
