//! The `/v2` routes of the guide, one file per resource.

mod actions;
mod auth;
mod maildomains;
mod maillists;
mod resourcegroups;
mod resources;
mod tenants;
mod users;
mod webdomains;

use axum::{
    Router,
    routing::{get, patch, post, put},
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
        .route("/v2/maildomains/{tenant_id}", get(maildomains::list))
        .route(
            "/v2/maildomains/{tenant_id}/{domain}",
            put(maildomains::create).get(maildomains::get).patch(maildomains::patch).delete(maildomains::delete),
        )
        .route("/v2/webdomains", get(webdomains::list))
        .route(
            "/v2/webdomains/{domain}",
            put(webdomains::create).get(webdomains::get).patch(webdomains::patch).delete(webdomains::delete),
        )
        .route("/v2/resourcegroups/{tenant_id}", get(resourcegroups::list))
        .route(
            "/v2/resourcegroups/{tenant_id}/{name}",
            put(resourcegroups::create)
                .get(resourcegroups::get)
                .patch(resourcegroups::patch)
                .delete(resourcegroups::delete),
        )
        .route("/v2/resources/{tenant_id}/{group}", get(resources::list))
        .route(
            "/v2/resources/{tenant_id}/{group}/{mail}",
            put(resources::create).get(resources::get).patch(resources::patch).delete(resources::delete),
        )
        .route("/v2/actions/expunge", post(actions::expunge))
        .route("/v2/maillists", patch(maillists::patch_by_query))
        .route("/v2/maillists/{tenant_id}", get(maillists::list))
        .route(
            "/v2/maillists/{tenant_id}/{mail}",
            put(maillists::create).get(maillists::get).patch(maillists::patch).delete(maillists::delete),
        )
}
