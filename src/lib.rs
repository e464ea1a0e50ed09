//! pbm — the control plane of a multi-tenant corporate mail system.
//!
//! The map of the crate, from the wire inwards:
//!
//! * [`server`] composes one listener: gRPC ([`grpc`]), grpc-web, reflection,
//!   health and the legacy `/v2` REST gateway ([`rest`]), and runs it.
//! * [`grpc`] and [`rest`] are thin transports: they convert requests, call
//!   the [`service`] layer and convert answers. `/v2` transcodes into the
//!   very gRPC adapters, so both transports share every rule.
//! * [`service`] holds business rules and authorization, one module per API
//!   service, over the [`ports`] traits; [`runtime`] what runs beside the
//!   requests (first-start bootstrap, background jobs, the CEF export).
//! * [`domain`] has the plain types and rules (addresses, passwords, users,
//!   mail and web domains, certificates, resources, mailing lists).
//! * [`store`] implements the directory and state ports, one folder per
//!   backend: one SQL store for SQLite and PostgreSQL, and LDAP (OpenLDAP,
//!   389-ds) beside a SQL service-state store; every change passes its
//!   store's write barrier (snapshots); [`mail`] implements the mail store port over
//!   Dovecot's doveadm HTTP API.
//! * [`settings`] types the guide's settings keys; [`security`] hashes
//!   passwords and signs tokens; [`config`] and [`cli`] read the command line
//!   ([`backup_cli`]: `pbm backup …`, online or on the stores directly;
//!   [`service_accounts_cli`]: `pbm service-accounts …` and `pbm keys …`);
//!   [`ldif`] and [`tar`] are the file formats of backups and snapshots.
//! * [`directory`] reads foreign directories (AD, FreeIPA, OpenLDAP, 389-ds)
//!   for the address-book, group and account syncs and for directory logins.
//! * [`error`] is the one error type and its mapping to gRPC statuses.
//! * [`health`] answers `/healthz/live`, `/healthz/ready` and the gRPC health
//!   statuses, and is the client side of `pbm healthcheck`; [`migrate`] holds
//!   the schema migrators and what `pbm migrate` reports.
//! * [`admin_ui`] serves the admin panel (`web/admin/`, embedded at compile
//!   time) at `/admin/`.

#![warn(missing_docs)]

pub mod admin_ui;
pub mod backup_cli;
pub mod cli;
pub mod client;
pub mod config;
pub mod directory;
pub mod domain;
pub mod error;
pub mod grpc;
pub mod health;
pub mod ldif;
pub mod mail;
pub mod metrics;
pub mod migrate;
pub mod pb;
pub mod ports;
pub mod rest;
pub mod runtime;
pub mod secrets_cli;
pub mod security;
pub mod server;
pub mod service;
pub mod service_accounts_cli;
pub mod settings;
pub mod store;
pub mod tar;

pub use error::{Error, Result};
