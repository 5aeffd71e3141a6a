//! The `infitah` binary's library: the command line and the composition of
//! every service into one HTTP server. Kept as a library so that the
//! end-to-end tests run exactly this code.

pub mod backup;
pub mod cli;
pub mod demo;
pub mod openapi;
pub mod server;
pub mod tenant_cmd;
pub mod user_cmd;
