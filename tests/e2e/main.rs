//! End-to-end tests of the foundation: the real code of the `infitah` binary
//! against real PostgreSQL (as `infitah_app`), real Redis and real HTTP.

mod catalog;
mod cli;
mod hosts;
mod identity;
mod isolation;
mod mail;
mod plans;
mod redis_down;
mod tenant_backup;
mod web;
