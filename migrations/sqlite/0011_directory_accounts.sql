-- Mail accounts owned by the company directory (services/ad/accounts/*, §5.3):
-- which pbm user each directory entry owns, keyed by the source's stable id
-- (objectGUID, entryUUID, nsUniqueId), so that a rename at the source is an
-- update. Service state, beside the directory (also when the directory is LDAP).
CREATE TABLE directory_accounts (
    tenant_id   TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    -- the pbm user it owns (its primary address)
    mail        TEXT NOT NULL,
    -- the entry's DN at the last sync (what a login binds as)
    dn          TEXT NOT NULL,
    -- the aliases the directory set, as a JSON array (others stay the admin's)
    aliases     TEXT NOT NULL,
    -- the entry's change mark at the last sync (uSNChanged, entryCSN, modifyTimestamp)
    change_mark TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, source_id)
);
CREATE UNIQUE INDEX directory_accounts_by_mail ON directory_accounts (mail);

-- Where each tenant's account sync stands: the highest change mark seen (the
-- next incremental pass reads what changed after it), the last full pass, and
-- the lease that lets one replica run the periodic sync.
CREATE TABLE directory_syncs (
    tenant_id    TEXT PRIMARY KEY,
    last_mark    TEXT NOT NULL,
    last_full_at INTEGER NOT NULL,
    lease_holder TEXT NOT NULL,
    lease_until  INTEGER NOT NULL
);
