//! The national managers' two comparative reports (`/manage/participation`
//! and `/manage/gap`), which only the national space can draw because only
//! it sees every collectivity:
//!
//! - **Participation** in consultations across the nation, by profile and by
//!   age bracket, online and on paper together, and by region, province or
//!   commune (drilling down with `?area=`). Read from the contributions
//!   themselves (visible ones, to consultations of the programme or of a
//!   published project), under the public suppression rule of
//!   `infitah_consultation::stats_model`: managers see no cell below 5 either.
//! - **The gap** between the progress collectivities report and what their
//!   co-monitoring committees evaluate, per collectivity and per region, from
//!   the roll-ups' snapshot (`evaluated_*`, kept by migrations/0009).

use std::{cmp::Ordering, collections::HashMap};

use askama::Template;
use axum::{extract::Query, http::StatusCode, response::Response};
use infitah_consultation::{
    stats::{Chart, offered_codes, profile_and_age_charts},
    stats_model::{self, Shown, Tally},
};
use infitah_platform::catalog::CatalogEntry;
use infitah_platform::{
    AppError, AppResult,
    auth::{ReadNation, Staff},
    i18n::Tr,
    web::Shell,
};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    NationalPage,
    pages::{Crumb, Ctx, Head, Sort, SortQuery, heads_for},
    rollup::{Area, Collectivity, Snapshot},
};

mod participation;
pub use participation::*;
mod gap;
pub use gap::*;
