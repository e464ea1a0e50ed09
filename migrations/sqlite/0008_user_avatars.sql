-- User pictures (the avatar of guide §2.4): one JPEG of at most 512×512 per user, kept while the
-- user is soft-deleted and removed with it (purge, tenant deletion, forced domain deletion).
CREATE TABLE user_avatars (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    jpeg       BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
