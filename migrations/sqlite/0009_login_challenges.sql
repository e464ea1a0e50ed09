-- The login's robot check (guide §2.2.2, Figure 3): picture codes handed out by
-- CreateLoginChallenge, each answered once (the row is taken when checked) and
-- purged once expired. The code is kept as typed into the picture: it guards
-- nothing once its challenge is spent. A client address holds a few live challenges at
-- most (the oldest go), so an anonymous caller cannot fill the table.
CREATE TABLE login_challenges (
    id         TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    code       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_challenges_by_expiry ON login_challenges (expires_at);
CREATE INDEX login_challenges_by_source ON login_challenges (source, expires_at);
