-- Mailing lists made from the company directory's groups (services/ad/groups/*, §2.15
-- groupsync): which list each group (or its alias) made, keyed by the source's stable id
-- (objectGUID, entryUUID, nsUniqueId; "<id>#alias" for the list of a group's alias), so that a
-- rename at the source is an update and the sync touches only lists it made. Service state,
-- beside the directory (also when the directory is LDAP).
CREATE TABLE directory_lists (
    tenant_id  TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    -- the list it made (its address)
    mail       TEXT NOT NULL,
    -- the group's DN at the last sync
    dn         TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, source_id)
);
CREATE UNIQUE INDEX directory_lists_by_mail ON directory_lists (tenant_id, mail);
