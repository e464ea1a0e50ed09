//! The `/v2` routes of the guide, one file per resource.

mod auth;
mod tenants;
mod users;

use axum::{
    Router,
    routing::{get, post, put},
};

use super::Gateway;

/// Every `/v2` route.
pub fn routes() -> Router<Gateway> {
    Router::new()
        .route("/v2/auth", post(auth::post))
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
}
