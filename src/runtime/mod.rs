//! What runs beside the requests rather than in answer to them: the first
//! start's bootstrap ([`bootstrap`]), the background jobs that purge expired
//! users, sessions and change-log records ([`jobs`]), the follower of the
//! change log that keeps caches and watchers in step ([`feed`]), and the
//! CEF export of the audit trail ([`cef`]). They work through the same
//! [`Core`](crate::service::Core) as the services, so the service layer
//! holds the API's business rules only.

pub mod bootstrap;
pub mod cef;
pub mod feed;
pub mod jobs;
