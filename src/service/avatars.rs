//! UserService's pictures (the avatar of guide §2.4 item 1): set, read and
//! remove a user's picture. Who may: admins of the user's tenant and
//! superadmins change any picture but a superadmin's (superadmins only), and
//! every user their own; any signed-in account of the tenant, and
//! superadmins, read them (address books and mail clients show them). An
//! upload is checked and re-encoded by [`crate::domain::avatar`] off the
//! async workers; a bad one is `INVALID_ARGUMENT` on `image` and nothing is
//! stored.

use serde_json::json;

use super::{Caller, RequestContext, Users};
use crate::domain::{self, User, avatar::Avatar};
use crate::error::{Error, Result};

const SET_USER_AVATAR: &str = "pbm.v2.UserService/SetUserAvatar";
const DELETE_USER_AVATAR: &str = "pbm.v2.UserService/DeleteUserAvatar";

/// What the audit trail records of a picture (never the picture).
fn avatar_view(avatar: &Avatar) -> serde_json::Value {
    json!({"etag": avatar.etag(), "width": avatar.width, "height": avatar.height, "bytes": avatar.jpeg.len()})
}

impl Users {
    /// Sets a user's picture from an uploaded JPEG, PNG or WebP file;
    /// answers the picture as stored.
    pub async fn set_avatar(
        &self,
        ctx: &RequestContext,
        tenant_id: &str,
        mail: &str,
        image: Vec<u8>,
    ) -> Result<Avatar> {
        let target = format!("user:{}", mail.trim().to_lowercase());
        self.core()
            .audited(ctx, SET_USER_AVATAR, tenant_id, &target, self.do_set_avatar(ctx, tenant_id, mail, image))
            .await
    }

    async fn do_set_avatar(&self, ctx: &RequestContext, tenant_id: &str, mail: &str, image: Vec<u8>) -> Result<Avatar> {
        let caller = self.core().authenticate(ctx).await?;
        let mail = mail.trim().to_lowercase();
        self.picture_owner(&caller, tenant_id, &mail).await?;
        let now = domain::now();
        let avatar = tokio::task::spawn_blocking(move || domain::avatar::from_upload(&image, now))
            .await
            .map_err(Error::internal)?
            .map_err(|e| Error::invalid("image", format!("the picture {e}")))?;
        let event = self
            .core()
            .event(ctx, &caller, SET_USER_AVATAR, tenant_id, format!("user:{mail}"))
            .after(avatar_view(&avatar));
        self.core().directory.set_user_avatar(tenant_id, &mail, &avatar, &event).await?;
        Ok(avatar)
    }

    /// A user's picture.
    pub async fn avatar(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<Avatar> {
        let caller = self.core().authenticate(ctx).await?;
        if !caller.is_superadmin() && caller.tenant_id != tenant_id {
            return Err(Error::PermissionDenied);
        }
        let mail = mail.trim().to_lowercase();
        let dir = &self.core().directory;
        if dir.get_user(tenant_id, &mail).await?.is_none() {
            return Err(Error::not_found("user", mail));
        }
        dir.user_avatar(tenant_id, &mail).await?.ok_or_else(|| Error::not_found("picture of user", mail))
    }

    /// Removes a user's picture.
    pub async fn delete_avatar(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let target = format!("user:{}", mail.trim().to_lowercase());
        self.core()
            .audited(ctx, DELETE_USER_AVATAR, tenant_id, &target, self.do_delete_avatar(ctx, tenant_id, mail))
            .await
    }

    async fn do_delete_avatar(&self, ctx: &RequestContext, tenant_id: &str, mail: &str) -> Result<()> {
        let caller = self.core().authenticate(ctx).await?;
        let mail = mail.trim().to_lowercase();
        self.picture_owner(&caller, tenant_id, &mail).await?;
        let event = self.core().event(ctx, &caller, DELETE_USER_AVATAR, tenant_id, format!("user:{mail}"));
        if self.core().directory.delete_user_avatar(tenant_id, &mail, &event).await? {
            Ok(())
        } else {
            Err(Error::not_found("picture of user", mail))
        }
    }

    /// The user whose picture `caller` changes: their own, or one an admin
    /// of the tenant may change (not a superadmin's unless a superadmin).
    async fn picture_owner(&self, caller: &Caller, tenant_id: &str, mail: &str) -> Result<User> {
        let own = caller.is_account(tenant_id, mail);
        if !own {
            caller.require_admin_of(tenant_id)?;
        }
        let user =
            self.core().directory.get_user(tenant_id, mail).await?.ok_or_else(|| Error::not_found("user", mail))?;
        if !own {
            Self::check_target(caller, &user)?;
        }
        Ok(user)
    }
}
