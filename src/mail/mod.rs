//! Adapters of the mail store port ([`crate::ports::MailBackend`]): today
//! Dovecot through its doveadm HTTP API ([`doveadm`]).

pub mod doveadm;

pub use doveadm::Doveadm;
