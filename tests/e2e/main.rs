//! End-to-end tests of the foundation: the real code of the `infitah` binary
//! against real PostgreSQL (as `infitah_app`), real Redis and real HTTP.

mod catalog;
mod cli;
mod consultation;
mod db_stall;
mod evaluation;
mod follow;
mod hosts;
mod ideas;
mod identity;
mod isolation;
mod languages;
mod legal;
mod mail;
mod national;
mod national_catalogues;
mod opendata;
mod ownership;
mod plans;
mod privacy;
mod progress;
mod publication;
mod redis_down;
mod staff;
mod tenant_backup;
mod text_input;
mod web;
