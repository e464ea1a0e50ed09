//! End-to-end tests: a real pbm per test, driven through the generated gRPC
//! clients and through HTTP exactly as the guide's curl commands drive it.

mod common;

mod addressbook;
mod addressbook_sync;
mod audit;
mod auth;
mod authorization;
mod avatars;
mod backup;
mod bitrix24;
mod bruteforce;
mod directory_accounts;
mod directory_groups;
mod domains;
mod dovecot;
mod etcd;
mod hardening;
mod mail;
mod mail_lists;
mod metrics;
mod private_files;
mod process;
mod replicas;
mod resources;
mod robot_check;
mod scim;
mod server;
mod service_accounts;
mod settings;
mod snapshot;
mod tenants;
mod users;
mod v2_guide;
mod v2_guide_directory;
mod watch;
