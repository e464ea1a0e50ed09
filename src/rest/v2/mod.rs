//! The `/v2` routes of the guide, one file per resource.

mod actions;
mod auth;
mod avatars;
mod mail_domains;
mod mail_lists;
mod resource_groups;
mod resources;
mod tenants;
mod users;
mod web_domains;

use axum::{
    Json, Router,
    response::{IntoResponse as _, Response},
    routing::{get, patch, post, put},
};
use serde_json::Value;

use super::Gateway;
use crate::domain::page_token::MAX_PAGE_SIZE;
use crate::rest::error::LegacyError;

/// A `/v2` listing that answers the whole collection as one JSON array (the
/// guide's shape): `page(page_token)` fetches one page of the gRPC listing at
/// the largest page size, answering its items and the next page token;
/// pages are fetched until the last and each item rendered by `render`.
async fn whole_listing<T, F, Fut>(mut page: F, render: fn(&T) -> Value) -> Result<Response, LegacyError>
where
    F: FnMut(i32, String) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, String), LegacyError>>,
{
    let mut items = Vec::new();
    let mut page_token = String::new();
    loop {
        let (page, next) = page(MAX_PAGE_SIZE as i32, page_token).await?;
        items.extend(page.iter().map(render));
        if next.is_empty() {
            return Ok(Json(Value::Array(items)).into_response());
        }
        page_token = next;
    }
}

/// Every `/v2` route.
pub fn routes() -> Router<Gateway> {
    Router::new()
        .route("/v2/auth", post(auth::post))
        .route("/v2/auth/challenge", post(auth::challenge))
        .route("/v2/tenants", get(tenants::list).post(tenants::create_generated))
        .route(
            "/v2/tenants/{tenant_id}",
            put(tenants::create_named).get(tenants::get).patch(tenants::patch).delete(tenants::delete),
        )
        .route("/v2/users/{tenant_id}", get(users::list))
        .route(
            "/v2/users/{tenant_id}/{mail}",
            put(users::create).get(users::get).patch(users::patch).delete(users::delete),
        )
        .route("/v2/users/{tenant_id}/{mail}/avatar", put(avatars::put).get(avatars::get).delete(avatars::delete))
        .route("/v2/maildomains/{tenant_id}", get(mail_domains::list))
        .route(
            "/v2/maildomains/{tenant_id}/{domain}",
            put(mail_domains::create).get(mail_domains::get).patch(mail_domains::patch).delete(mail_domains::delete),
        )
        .route("/v2/webdomains", get(web_domains::list))
        .route(
            "/v2/webdomains/{domain}",
            put(web_domains::create).get(web_domains::get).patch(web_domains::patch).delete(web_domains::delete),
        )
        .route("/v2/resourcegroups/{tenant_id}", get(resource_groups::list))
        .route(
            "/v2/resourcegroups/{tenant_id}/{name}",
            put(resource_groups::create)
                .get(resource_groups::get)
                .patch(resource_groups::patch)
                .delete(resource_groups::delete),
        )
        .route("/v2/resources/{tenant_id}/{group}", get(resources::list))
        .route(
            "/v2/resources/{tenant_id}/{group}/{mail}",
            put(resources::create).get(resources::get).patch(resources::patch).delete(resources::delete),
        )
        .route("/v2/actions/expunge", post(actions::expunge))
        .route("/v2/actions/usersync/{tenant_id}/{source}", post(actions::usersync))
        .route("/v2/actions/cabsync/{tenant_id}/{source}", post(actions::cabsync))
        .route("/v2/maillists", patch(mail_lists::patch_by_query))
        .route("/v2/maillists/{tenant_id}", get(mail_lists::list))
        .route(
            "/v2/maillists/{tenant_id}/{mail}",
            put(mail_lists::create).get(mail_lists::get).patch(mail_lists::patch).delete(mail_lists::delete),
        )
}
