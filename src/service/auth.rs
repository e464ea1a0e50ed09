//! AuthService: login, refresh with rotation, logout, who-am-i and the
//! caller's own password change (guide §2.2.1).

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};

use super::{Caller, Core, RequestContext, UPDATE_ATTEMPTS, conflict_backoff};
use crate::domain::{
    self, Role, SessionCut, UserStatus,
    audit::{user_change_view, user_view},
};
use crate::error::{AuthFailure, Error, Result, Violations};
use crate::ports::{AttemptReservation, Rotation, Session, StoredRefreshToken};
use crate::security::challenge;
use crate::security::tokens::{TokenSigner, random_token, token_hash};

/// A freshly issued token pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    /// Signed access token.
    pub access_token: String,
    /// One-time refresh token.
    pub refresh_token: String,
    /// Access-token lifetime.
    pub expires_in: Duration,
    /// Access-token expiry.
    pub expires_at: DateTime<Utc>,
    /// Refresh-token expiry.
    pub refresh_expires_at: DateTime<Utc>,
    /// Tenant of the account.
    pub tenant_id: String,
    /// Role of the account.
    pub role: Role,
    /// Primary address of the account.
    pub mail: String,
}

/// What a login presents.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginAttempt<'a> {
    /// Any address of the account.
    pub login: &'a str,
    /// The password (never logged).
    pub password: &'a str,
    /// The id of a picture code from [`Auth::create_challenge`], when asked for.
    pub challenge_id: &'a str,
    /// The characters of the picture.
    pub challenge_answer: &'a str,
}

/// The authentication service.
#[derive(Clone)]
pub struct Auth(pub(crate) Arc<Core>);

fn after(now: DateTime<Utc>, ttl: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::MAX)
}

const LOGIN: &str = "pbm.v2.AuthService/Login";
/// Live picture codes one client address may hold.
pub const LIVE_CHALLENGES: usize = 5;
const REFRESH: &str = "pbm.v2.AuthService/Refresh";
const LOGOUT: &str = "pbm.v2.AuthService/Logout";
const CHANGE_PASSWORD: &str = "pbm.v2.AuthService/ChangePassword";

impl Auth {
    /// Logs in with any address of an account and its password, and — when
    /// the client address must pass the robot check — the answer to a
    /// picture code (see [`Self::create_challenge`]).
    pub async fn login(&self, ctx: &RequestContext, attempt: &LoginAttempt<'_>) -> Result<IssuedTokens> {
        let login = attempt.login.trim();
        // An API key typed as the login is never written to the audit trail.
        let login = if crate::security::api_keys::looks_like_key(login) {
            "(an API key)".to_owned()
        } else {
            login.to_lowercase()
        };
        let target = format!("account:{login}");
        self.0.audited(ctx, LOGIN, "", &target, self.do_login(ctx, attempt)).await
    }

    /// A new picture code for the robot check of the login: its id, the
    /// picture (PNG) and when it expires. Needs no token; a client address
    /// holds [`LIVE_CHALLENGES`] at most (the oldest go).
    pub async fn create_challenge(&self, ctx: &RequestContext) -> Result<(String, Vec<u8>, DateTime<Utc>)> {
        let code = challenge::new_code();
        let id = random_token();
        let expires_at = after(domain::now(), self.0.settings.current().auth.challenge_lifetime);
        let source = self.0.client_addr(ctx);
        self.0.throttle.save_challenge(&id, &source, &code, expires_at, LIVE_CHALLENGES).await?;
        let picture = tokio::task::spawn_blocking(move || challenge::draw(&code)).await.map_err(Error::internal)?;
        Ok((id, picture, expires_at))
    }

    /// Whether `source` must answer a picture code, and if so whether it
    /// did: a wrong answer counts as a failed attempt, and the password is
    /// not checked.
    async fn robot_check(&self, source: &str, attempt: &LoginAttempt<'_>, now: DateTime<Utc>) -> Result<()> {
        let core = &self.0;
        let settings = core.settings.current();
        let (threshold, bruteforce) = (settings.auth.challenge_after_failures, &settings.bruteforce);
        if !bruteforce.enabled || threshold == 0 {
            return Ok(());
        }
        let window = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
        if core.throttle.login_failures(source, now - window).await? < u64::from(threshold) {
            return Ok(());
        }
        if attempt.challenge_id.trim().is_empty() {
            return Err(Error::Unauthenticated(AuthFailure::ChallengeRequired));
        }
        let code = core.throttle.take_challenge(attempt.challenge_id.trim(), now).await?;
        if code.is_some_and(|code| challenge::matches(&code, attempt.challenge_answer)) {
            return Ok(());
        }
        core.metrics.login_failures.inc();
        self.count_failure(source, "challenge", attempt.challenge_id, bruteforce).await?;
        Err(Error::Unauthenticated(AuthFailure::ChallengeFailed))
    }

    async fn do_login(&self, ctx: &RequestContext, attempt: &LoginAttempt<'_>) -> Result<IssuedTokens> {
        let (login, password) = (attempt.login, attempt.password);
        refuse_api_key(&[ctx.bearer.as_deref().unwrap_or_default(), login, password])?;
        let mut violations = Violations::new();
        if login.trim().is_empty() {
            violations.required("login");
        }
        if password.is_empty() {
            violations.required("password");
        }
        violations.finish()?;
        let core = &self.0;
        let login = login.trim().to_lowercase();
        let source = core.client_addr(ctx);
        let bruteforce = core.settings.current().bruteforce.clone();
        let now = domain::now();
        self.refuse_if_locked_out(&source, &bruteforce, now).await?;
        self.robot_check(&source, attempt, now).await?;
        // The attempt counts before its password is checked: logins in flight
        // at once (on any replica) cannot each get past the limit.
        let digest = core.signer.digest(&[&login, password]);
        let attempts =
            if bruteforce.enabled { self.reserve_attempt(&source, &digest, &bruteforce, now).await? } else { 0 };
        // A login holding a control character (NUL among them) is nobody's: refused like an unknown
        // one, before any store or directory sees it (some cut a value at NUL, so `ivan\0` would
        // find `ivan`; PostgreSQL refuses NUL in text).
        let mut user = match crate::directory::filter::login_value(&login) {
            Some(_) => core.directory.find_user_by_address(&login).await?,
            None => None,
        };
        let link = match &user {
            Some(u) => core.directory_links.link_of(&u.tenant_id, &u.mail).await?,
            None => None,
        };
        let sync = super::AccountSync(core.clone());
        let verified = match &link {
            // a directory-owned account: the directory checks the password (a bind as the person)
            Some(link) => sync.check_password(link, password).await?,
            None => {
                let verified = core.hasher.verify(password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
                if user.is_none() {
                    // someone the directory should own, logging in before the next sync
                    user = sync.provision_at_login(&login, password).await?;
                    user.is_some()
                } else {
                    verified
                }
            }
        };
        let user = match user {
            Some(user) if verified => {
                if bruteforce.enabled {
                    core.throttle.forget_login_attempt(&source, &digest).await?;
                }
                user
            }
            _ => {
                core.metrics.login_failures.inc();
                if bruteforce.enabled {
                    let penalty = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
                    core.throttle.record_login_failure(&source, &digest, now, now - penalty).await?;
                    core.throttle.forget_login_attempt(&source, &digest).await?;
                    self.lock_out_at_limit(&source, attempts, &bruteforce).await?;
                }
                return Err(Error::Unauthenticated(AuthFailure::BadCredentials));
            }
        };
        if user.status == UserStatus::Blocked {
            return Err(Error::Unauthenticated(AuthFailure::AccountBlocked));
        }
        let settings = core.settings.current();
        let refresh_token = random_token();
        let session = Session {
            id: random_token(),
            account: user.mail.clone(),
            tenant_id: user.tenant_id.clone(),
            created_at: now,
            expires_at: after(now, settings.auth.refresh_token_ttl),
        };
        let stored = StoredRefreshToken {
            hash: token_hash(&refresh_token),
            session_id: session.id.clone(),
            expires_at: session.expires_at,
        };
        core.sessions.open_session(&session, &stored).await?;
        // A change that ends sessions (a new password, role, a block, a deletion) committed
        // between the read of the account and the new session did not end it: read the
        // account again, now that the session exists, and end it if it changed so.
        let now_stored = core.directory.get_user(&user.tenant_id, &user.mail).await?;
        let refused = match &now_stored {
            None => Some(Error::Unauthenticated(AuthFailure::BadCredentials)),
            Some(now) if now.status == UserStatus::Blocked => Some(Error::Unauthenticated(AuthFailure::AccountBlocked)),
            Some(now) if now.password_hash != user.password_hash => {
                Some(Error::Unauthenticated(AuthFailure::BadCredentials))
            }
            Some(now) if super::users::ends_sessions(&user, now) => {
                Some(Error::Aborted(format!("the account {} changed while logging in: log in again", user.mail)))
            }
            Some(_) => None,
        };
        if let Some(refused) = refused {
            core.sessions.end_session(&session.id, domain::now()).await?;
            return Err(refused);
        }
        let event =
            core.event_by(ctx, &user.mail, &user.tenant_id, LOGIN, &user.tenant_id, format!("account:{}", user.mail));
        core.audit.append(&event).await?;
        tracing::info!(account = %user.mail, tenant = %user.tenant_id, "login");
        self.issue(&session, refresh_token, &user.tenant_id, user.role, &user.mail)
    }

    /// Refuses (`RESOURCE_EXHAUSTED` with the time left) a source address
    /// that is locked out after failed logins.
    async fn refuse_if_locked_out(
        &self,
        source: &str,
        bruteforce: &crate::settings::BruteforceSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if bruteforce.enabled
            && let Some(until) = self.0.throttle.lockout(source, now).await?
        {
            self.0.metrics.refused_locked.inc();
            let retry_after = (until - now).to_std().unwrap_or_default().max(std::time::Duration::from_secs(1));
            return Err(Error::ResourceExhausted { retry_after });
        }
        Ok(())
    }

    /// Counts a login attempt (`digest` of login and password) from
    /// `source` before its password is checked, and answers how many
    /// distinct attempts the source made in the window. An attempt beyond
    /// `max_attempts`, or one from a source another request has just locked
    /// out, is refused unchecked (`RESOURCE_EXHAUSTED`): so N logins in
    /// flight at once, on any replica, check at most `max_attempts`
    /// passwords (issue #19, finding 3).
    async fn reserve_attempt(
        &self,
        source: &str,
        digest: &str,
        bruteforce: &crate::settings::BruteforceSettings,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let core = &self.0;
        let penalty = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
        let until = match core.throttle.reserve_login_attempt(source, digest, now, now - penalty).await? {
            AttemptReservation::Counted(attempts) if attempts <= u64::from(bruteforce.max_attempts) => {
                return Ok(attempts);
            }
            AttemptReservation::Counted(attempts) => {
                self.lock_out_at_limit(source, attempts, bruteforce).await?;
                now + penalty
            }
            AttemptReservation::LockedOut(until) => until,
        };
        core.metrics.refused_locked.inc();
        let retry_after = (until - now).to_std().unwrap_or_default().max(std::time::Duration::from_secs(1));
        Err(Error::ResourceExhausted { retry_after })
    }

    /// Counts a failed login from `source` after the fact (a wrong picture
    /// code, a wrong current password); a repeated login+password pair
    /// counts once. Reaching `max_attempts` locks the source out for
    /// `penalty`, failures being counted over the same window.
    async fn count_failure(
        &self,
        source: &str,
        login: &str,
        password: &str,
        bruteforce: &crate::settings::BruteforceSettings,
    ) -> Result<()> {
        let core = &self.0;
        let now = domain::now();
        let penalty = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
        let attempt = core.signer.digest(&[login, password]);
        let failures = core.throttle.record_login_failure(source, &attempt, now, now - penalty).await?;
        self.lock_out_at_limit(source, failures, bruteforce).await
    }

    /// Locks `source` out for `penalty` once its failed attempts reached
    /// `max_attempts`.
    async fn lock_out_at_limit(
        &self,
        source: &str,
        failures: u64,
        bruteforce: &crate::settings::BruteforceSettings,
    ) -> Result<()> {
        if failures < u64::from(bruteforce.max_attempts) {
            return Ok(());
        }
        let core = &self.0;
        let penalty = chrono::Duration::from_std(bruteforce.penalty).unwrap_or(chrono::Duration::MAX);
        core.throttle.lock_out(source, domain::now() + penalty).await?;
        core.metrics.lockouts.inc();
        tracing::warn!(%source, failures, penalty_s = bruteforce.penalty.as_secs(), "source address locked out after failed logins");
        Ok(())
    }

    fn issue(
        &self,
        session: &Session,
        refresh_token: String,
        tenant: &str,
        role: Role,
        mail: &str,
    ) -> Result<IssuedTokens> {
        let ttl = self.0.settings.current().auth.access_token_ttl;
        let claims = TokenSigner::claims(mail, tenant, role, &session.id, ttl);
        Ok(IssuedTokens {
            access_token: self.0.signer.sign(&claims)?,
            refresh_token,
            expires_in: ttl,
            expires_at: claims.expires_at(),
            refresh_expires_at: session.expires_at,
            tenant_id: tenant.to_owned(),
            role,
            mail: mail.to_owned(),
        })
    }

    /// Exchanges a refresh token for a new pair. The presented token dies; a
    /// token presented twice ends its whole session. An access token sent
    /// beside it (the legacy /v2 form does) is not needed and not checked.
    pub async fn refresh(&self, ctx: &RequestContext, refresh_token: &str) -> Result<IssuedTokens> {
        self.0.audited(ctx, REFRESH, "", "session", self.do_refresh(ctx, refresh_token)).await
    }

    async fn do_refresh(&self, ctx: &RequestContext, refresh_token: &str) -> Result<IssuedTokens> {
        if refresh_token.is_empty() {
            return Err(Error::required("refresh_token"));
        }
        refuse_api_key(&[ctx.bearer.as_deref().unwrap_or_default(), refresh_token])?;
        let core = &self.0;
        let now = domain::now();
        let next = random_token();
        let next_expires = after(now, core.settings.current().auth.refresh_token_ttl);
        let session = match core
            .sessions
            .rotate_refresh_token(&token_hash(refresh_token), &token_hash(&next), next_expires, now)
            .await?
        {
            Rotation::Rotated(session) => session,
            Rotation::Reused => {
                tracing::warn!("a used refresh token was presented again; its session is ended");
                return Err(Error::Unauthenticated(AuthFailure::InvalidRefreshToken));
            }
            Rotation::Invalid => return Err(Error::Unauthenticated(AuthFailure::InvalidRefreshToken)),
        };
        let user = core.directory.find_user_by_address(&session.account).await?;
        let Some(user) = user.filter(|u| {
            u.status != UserStatus::Blocked && u.mail == session.account && u.tenant_id == session.tenant_id
        }) else {
            core.sessions.end_session(&session.id, now).await?;
            return Err(Error::Unauthenticated(AuthFailure::SessionEnded));
        };
        let event =
            core.event_by(ctx, &user.mail, &user.tenant_id, REFRESH, &user.tenant_id, format!("account:{}", user.mail));
        core.audit.append(&event).await?;
        self.issue(&session, next, &user.tenant_id, user.role, &user.mail)
    }

    /// Ends the caller's session.
    pub async fn logout(&self, ctx: &RequestContext) -> Result<()> {
        self.0
            .audited(ctx, LOGOUT, "", "session", async {
                let caller = self.0.authenticate(ctx).await?;
                if caller.api_key.is_some() {
                    return Err(Error::Unauthenticated(AuthFailure::ApiKeyNotASession));
                }
                self.0.sessions.end_session(&caller.session_id, domain::now()).await?;
                let event =
                    self.0.event(ctx, &caller, LOGOUT, &caller.tenant_id, format!("account:{}", caller.account));
                self.0.audit.append(&event).await
            })
            .await
    }

    /// The caller behind the access token.
    pub async fn who_am_i(&self, ctx: &RequestContext) -> Result<Caller> {
        self.0.authenticate(ctx).await
    }

    /// The password policy in force, for any signed-in caller (forms show it
    /// while a password is typed).
    pub async fn password_policy(&self, ctx: &RequestContext) -> Result<domain::password_policy::PasswordRequirements> {
        self.0.authenticate(ctx).await?;
        Ok(self.0.settings.current().password.clone())
    }

    /// Changes the caller's own password given the current one; the
    /// account's other sessions end.
    pub async fn change_password(&self, ctx: &RequestContext, current: &str, new: &str) -> Result<()> {
        self.0.audited(ctx, CHANGE_PASSWORD, "", "account", self.do_change_password(ctx, current, new)).await
    }

    async fn do_change_password(&self, ctx: &RequestContext, current: &str, new: &str) -> Result<()> {
        let caller = self.0.authenticate(ctx).await?;
        if caller.api_key.is_some() {
            return Err(Error::Unauthenticated(AuthFailure::ApiKeyNotASession));
        }
        let core = &self.0;
        if core.directory_links.link_of(&caller.tenant_id, &caller.account).await?.is_some() {
            return Err(Error::FailedPrecondition(format!(
                "the password of {} is managed by the company directory ({}): change it there",
                caller.account,
                core.settings.current().directory.connection.host
            )));
        }
        let mut violations = Violations::new();
        if current.is_empty() {
            violations.required("current_password");
        }
        if new.is_empty() {
            violations.required("new_password");
        } else {
            violations.check("new_password", self.0.settings.current().password.check(new));
        }
        violations.finish()?;
        // The current password is also the mailbox's IMAP password: guesses
        // of it count like failed logins of the client address, and a
        // locked-out address is refused before any is checked.
        let source = core.client_addr(ctx);
        let bruteforce = core.settings.current().bruteforce.clone();
        self.refuse_if_locked_out(&source, &bruteforce, domain::now()).await?;
        for attempt in 0..UPDATE_ATTEMPTS {
            let before = core
                .directory
                .get_user(&caller.tenant_id, &caller.account)
                .await?
                .ok_or(Error::Unauthenticated(AuthFailure::SessionEnded))?;
            if !core.hasher.verify(current, Some(&before.password_hash)).await? {
                core.metrics.login_failures.inc();
                if bruteforce.enabled {
                    self.count_failure(&source, &caller.account, current, &bruteforce).await?;
                }
                return Err(Error::invalid("current_password", "is not the current password"));
            }
            let mut user = before.clone();
            user.password_hash = core.hasher.hash(new).await?;
            user.updated_at = domain::now();
            let event = core
                .event(ctx, &caller, CHANGE_PASSWORD, &caller.tenant_id, format!("user:{}", user.mail))
                .before(user_view(&before))
                .after(user_change_view(&before, &user));
            // The other sessions end in the write itself.
            let cut = SessionCut { account: user.mail.clone(), keep: Some(caller.session_id.clone()) };
            match core.directory.update_user(&user, &event, Some(&cut)).await {
                Ok(_) => return Ok(()),
                Err(Error::Aborted(_)) => conflict_backoff(attempt).await,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Aborted(format!("user {}", caller.account)))
    }
}

/// Refuses a login or refresh that presents an API key anywhere (as the
/// bearer token, the login, the password or the refresh token): a key is
/// not a session and never opens one. Checked before anything is looked up
/// or counted, so the key is neither hashed as a password nor logged.
fn refuse_api_key(presented: &[&str]) -> Result<()> {
    if presented.iter().any(|value| crate::security::api_keys::looks_like_key(value.trim())) {
        return Err(Error::Unauthenticated(AuthFailure::ApiKeyNotASession));
    }
    Ok(())
}
