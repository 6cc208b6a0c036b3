//! MSI Actions Setup: a guided wizard for setting up Marketo Sales Insight Actions.
//!
//! Core modules (no Tauri types): `setup`, `invites`, `store`, `services`, `sandbox`, `session`, `paths`,
//! `i18n`, `actor`. Hosts: `app` + `commands` (the window) and `cli`.

pub mod about;
pub mod actor;
pub mod app;
pub mod browser;
pub mod checks;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod connections;
pub mod csv_import;
pub mod environment;
pub mod error_code;
pub mod file_choice;
pub mod handoff;
pub mod i18n;
pub mod invites;
pub mod lock;
pub mod paths;
pub mod sandbox;
pub mod secrets;
pub mod services;
pub mod session;
pub mod setup;
pub mod store;
pub mod texts;
