//! AuthService over gRPC.

use tonic::{Request, Response, Status, metadata::MetadataValue};

use super::{context, convert};
use crate::domain::password_policy::SPECIAL_CHARS;
use crate::pb::{self, auth_service_server::AuthService};
use crate::service::{Auth, auth::LoginAttempt};

/// Marks an answer carrying tokens as not to be kept by any cache
/// (`Cache-Control: no-store`, `Pragma: no-cache` for HTTP/1.0 proxies):
/// grpc-web answers pass through browsers and proxies.
fn not_stored<T>(mut response: Response<T>) -> Response<T> {
    response.metadata_mut().insert("cache-control", MetadataValue::from_static("no-store"));
    response.metadata_mut().insert("pragma", MetadataValue::from_static("no-cache"));
    response
}

/// The tonic adapter of [`Auth`].
#[derive(Clone)]
pub struct AuthApi(pub Auth);

#[tonic::async_trait]
impl AuthService for AuthApi {
    async fn login(&self, request: Request<pb::LoginRequest>) -> Result<Response<pb::Tokens>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        let attempt = LoginAttempt {
            login: &req.login,
            password: &req.password,
            challenge_id: &req.challenge_id,
            challenge_answer: &req.challenge_answer,
        };
        let tokens = self.0.login(&ctx, &attempt).await?;
        Ok(not_stored(Response::new(convert::tokens(&tokens))))
    }

    async fn refresh(&self, request: Request<pb::RefreshRequest>) -> Result<Response<pb::Tokens>, Status> {
        let ctx = context(&request);
        let tokens = self.0.refresh(&ctx, &request.into_inner().refresh_token).await?;
        Ok(not_stored(Response::new(convert::tokens(&tokens))))
    }

    async fn logout(&self, request: Request<pb::LogoutRequest>) -> Result<Response<()>, Status> {
        self.0.logout(&context(&request)).await?;
        Ok(Response::new(()))
    }

    async fn who_am_i(&self, request: Request<pb::WhoAmIRequest>) -> Result<Response<pb::Identity>, Status> {
        let caller = self.0.who_am_i(&context(&request)).await?;
        Ok(Response::new(convert::identity(&caller)))
    }

    async fn change_password(&self, request: Request<pb::ChangePasswordRequest>) -> Result<Response<()>, Status> {
        let ctx = context(&request);
        let req = request.into_inner();
        self.0.change_password(&ctx, &req.current_password, &req.new_password).await?;
        Ok(Response::new(()))
    }

    async fn create_login_challenge(
        &self,
        request: Request<pb::CreateLoginChallengeRequest>,
    ) -> Result<Response<pb::LoginChallenge>, Status> {
        let (challenge_id, image, expires_at) = self.0.create_challenge(&context(&request)).await?;
        Ok(Response::new(pb::LoginChallenge {
            challenge_id,
            image,
            image_type: "image/png".into(),
            expire_time: Some(convert::timestamp(expires_at)),
        }))
    }

    async fn get_password_policy(
        &self,
        request: Request<pb::GetPasswordPolicyRequest>,
    ) -> Result<Response<pb::PasswordPolicy>, Status> {
        let policy = self.0.password_policy(&context(&request)).await?;
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(Response::new(pb::PasswordPolicy {
            min_length: count(policy.min_length),
            max_length: count(policy.max_length),
            min_digits: count(policy.min_digits),
            min_uppercase: count(policy.min_uppercase),
            min_lowercase: count(policy.min_lowercase),
            min_special: count(policy.min_special),
            special_characters: SPECIAL_CHARS.to_owned(),
        }))
    }
}
