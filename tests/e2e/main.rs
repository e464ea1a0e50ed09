//! End-to-end tests: a real pbm per test, driven through the generated gRPC
//! clients and through HTTP exactly as the guide's curl commands drive it.

mod common;

mod auth;
mod authorization;
mod domains;
mod maillists;
mod resources;
mod server;
mod tenants;
mod users;
mod v2_guide;
mod v2_guide_directory;
