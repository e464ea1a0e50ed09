//! The `/v2` routes of the guide, one file per resource, and their OpenAPI
//! document ([`openapi`]).

mod actions;
mod auth;
mod avatars;
mod mail_domains;
mod mail_lists;
mod openapi;
mod resource_groups;
mod resources;
mod tenants;
mod users;
mod web_domains;

use std::sync::Arc;

use axum::{
    Json, Router,
    http::header,
    response::{IntoResponse as _, Response},
    routing::get,
};
use serde::Serialize;
use utoipa::OpenApi as _;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Gateway;
use crate::domain::page_token::MAX_PAGE_SIZE;
use crate::rest::error::LegacyError;

/// A `/v2` listing that answers the whole collection as one JSON array (the
/// guide's shape): `page(page_token)` fetches one page of the gRPC listing at
/// the largest page size, answering its items and the next page token;
/// pages are fetched until the last and each item rendered by `render`.
async fn whole_listing<T, R, F, Fut>(mut page: F, render: fn(&T) -> R) -> Result<Response, LegacyError>
where
    R: Serialize,
    F: FnMut(i32, String) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, String), LegacyError>>,
{
    let mut items = Vec::new();
    let mut page_token = String::new();
    loop {
        let (page, next) = page(MAX_PAGE_SIZE as i32, page_token).await?;
        items.extend(page.iter().map(render));
        if next.is_empty() {
            return Ok(Json(items).into_response());
        }
        page_token = next;
    }
}

/// Every `/v2` route with its OpenAPI entry: one `routes!` per path, each
/// handler carrying its `#[utoipa::path]`.
pub(super) fn openapi_router() -> OpenApiRouter<Gateway> {
    OpenApiRouter::with_openapi(openapi::LegacyApi::openapi())
        .routes(routes!(auth::post))
        .routes(routes!(auth::challenge))
        .routes(routes!(tenants::list, tenants::create_generated))
        .routes(routes!(tenants::create_named, tenants::get, tenants::patch, tenants::delete))
        .routes(routes!(users::list))
        .routes(routes!(users::create, users::get, users::patch, users::delete))
        .routes(routes!(avatars::put, avatars::get, avatars::delete))
        .routes(routes!(mail_domains::list))
        .routes(routes!(mail_domains::create, mail_domains::get, mail_domains::patch, mail_domains::delete))
        .routes(routes!(web_domains::list))
        .routes(routes!(web_domains::create, web_domains::get, web_domains::patch, web_domains::delete))
        .routes(routes!(resource_groups::list))
        .routes(routes!(resource_groups::create, resource_groups::get, resource_groups::patch, resource_groups::delete))
        .routes(routes!(resources::list))
        .routes(routes!(resources::create, resources::get, resources::patch, resources::delete))
        .routes(routes!(actions::expunge))
        .routes(routes!(actions::usersync))
        .routes(routes!(actions::cabsync))
        .routes(routes!(actions::groupsync))
        .routes(routes!(mail_lists::patch_by_query))
        .routes(routes!(mail_lists::list))
        .routes(routes!(mail_lists::create, mail_lists::get, mail_lists::patch, mail_lists::delete))
}

/// Every `/v2` route, and the document of them at `/v2/openapi.json`.
pub fn routes() -> Router<Gateway> {
    let (router, document) = openapi_router().split_for_parts();
    let document: Arc<str> = document.to_json().unwrap_or_default().into();
    router.route(
        "/v2/openapi.json",
        get(move || {
            let document = Arc::clone(&document);
            async move { ([(header::CONTENT_TYPE, "application/json")], document.to_string()) }
        }),
    )
}
