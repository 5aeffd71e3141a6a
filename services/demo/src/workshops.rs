//! The demo's ideas and workshops, written by `infitah demo` after the
//! programmes and the consultations ([`crate::consultations`]), from
//! `data/workshops.toml`.
//!
//! Kénitra gets ideas of its co-preparation and a co-preparation workshop
//! with its attendance and minutes, but no paper contribution: its card's
//! consultation must keep showing "Nombre de commentaires 0", as on the page
//! the platform replaces. Rabat and Tanger get ideas (one merged into their
//! first project, one accepted for it, so that the project page shows where
//! it came from), a co-preparation workshop, and a consultative workshop
//! feeding their project's consultation, with its attendance grid and the
//! contributions gathered on paper — a spread that shows the statistics'
//! small-count rule at work.
//!
//! Everything goes through consultation's functions: ideas as a citizen's
//! (then accepted or merged as staff do), workshops and attendance as staff
//! enter them, paper contributions checked row by row against the
//! catalogues as an uploaded sheet is.
//!
//! Idempotent: a commune that already has ideas (or workshops) is left alone.

use std::{fmt, sync::LazyLock};

use infitah_consultation::{
    ideas_repo::{self, NewIdea},
    workshop_paper::{self, PaperRow},
    workshop_repo::{self, WorkshopFields},
};
use infitah_platform::{
    catalog, content,
    db::{Db, TenantTx},
};
use serde::Deserialize;
use time::{Date, Duration, OffsetDateTime, macros::date};
use uuid::Uuid;

use crate::{
    Commune,
    consultations::{citizens, first_published},
    data::{self, Pair, named},
};

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    pub communes: usize,
    pub skipped: usize,
    pub ideas: usize,
    pub workshops: usize,
    pub paper: usize,
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo ideas and workshops: {} communes seeded, {} skipped (already there); {} ideas, {} workshops, {} paper contributions written",
            self.communes, self.skipped, self.ideas, self.workshops, self.paper
        )
    }
}

/// The communes that get ideas and workshops.
pub const COMMUNES: [&str; 3] = ["kenitra", "rabat", "tanger"];

// ---------------------------------------------------------------------------
// The data file.

/// `data/workshops.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    kenitra: Workshop,
    co_preparation: Workshop,
    consultative: Workshop,
    idea: Vec<Idea>,
    paper: Vec<Paper>,
    co_preparation_attendance: Vec<Attendance>,
    consultative_attendance: Vec<Attendance>,
    minutes: Minutes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Workshop {
    title: Pair,
    /// With `{name}`, the commune's.
    place: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Idea {
    axis: String,
    profile: String,
    age_bracket: String,
    title: String,
    body: String,
    days_ago: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paper {
    profile: String,
    age_bracket: String,
    body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Attendance {
    gender: String,
    age_bracket: String,
    attendees: i32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Minutes {
    co_preparation: String,
    consultative: String,
}

static TEXTS: LazyLock<Texts> =
    LazyLock::new(|| data::parse("workshops.toml", include_str!("../data/workshops.toml")));

// ---------------------------------------------------------------------------
// Ideas.

/// Seeds the ideas of the demo communes among `communes` that have none.
pub async fn ideas_demo(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<DemoReport> {
    let mut report = DemoReport::default();
    for c in communes.iter().filter(|c| COMMUNES.contains(&c.slug)) {
        let slug = c.slug;
        let mut tx = db.tenant_tx(c.id).await?;
        let exists = !ideas_repo::list_all(&mut tx, c.time_zone).await?.is_empty();
        let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
        let (false, Some(programme)) = (exists, programme) else {
            tx.rollback().await?;
            report.skipped += 1;
            continue;
        };
        let people = citizens(&mut tx, slug, 6).await?;
        // Kénitra's only project is the card of the page we replace: left as it was.
        let project = if slug == "kenitra" {
            None
        } else {
            first_published(&mut tx, programme.id).await?
        };
        let now = OffsetDateTime::now_utc();
        for (i, idea) in TEXTS.idea.iter().enumerate() {
            let id = ideas_repo::create(
                &mut tx,
                &NewIdea {
                    programme_id: programme.id,
                    author_id: people[i % people.len()],
                    axis: &idea.axis,
                    profile: &idea.profile,
                    age_bracket: &idea.age_bracket,
                    title: &idea.title,
                    body: &idea.body,
                },
                Some(now - Duration::days(idea.days_ago)),
            )
            .await?;
            // Staff's decisions: one merged into the project, one accepted
            // for it, one accepted for the programme.
            match (i, project) {
                (2, Some(p)) => _ = ideas_repo::merge(&mut tx, id, p).await?,
                (4, Some(p)) => _ = ideas_repo::accept(&mut tx, id, Some(p)).await?,
                (0, _) => _ = ideas_repo::accept(&mut tx, id, None).await?,
                _ => {}
            }
            report.ideas += 1;
        }
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.communes += 1;
    }
    Ok(report)
}

// ---------------------------------------------------------------------------
// Workshops.

/// A demo workshop with its attendance, written as staff write one.
async fn workshop(
    tx: &mut TenantTx,
    programme: Uuid,
    fields: WorkshopFields,
    attendance: &[Attendance],
) -> anyhow::Result<Uuid> {
    let id = workshop_repo::create(tx, programme, &fields).await?;
    let cells: Vec<(String, String, i32)> = attendance
        .iter()
        .map(|a| (a.gender.clone(), a.age_bracket.clone(), a.attendees))
        .collect();
    workshop_repo::set_attendance(tx, id, &cells).await?;
    Ok(id)
}

/// A workshop's fields from its texts.
fn fields(
    w: &Workshop,
    kind: &str,
    consultation_id: Option<Uuid>,
    held_on: Date,
    name: &str,
    minutes: &str,
) -> WorkshopFields {
    WorkshopFields {
        kind: kind.into(),
        consultation_id,
        title_ar: Some(w.title.ar.clone()),
        title_fr: Some(w.title.fr.clone()),
        held_on,
        place: named(&w.place, name),
        minutes: minutes.into(),
    }
}

/// The paper contributions, checked as the rows of an uploaded sheet are.
async fn paper_rows(tx: &mut TenantTx) -> anyhow::Result<Vec<PaperRow>> {
    let profiles = catalog::catalog(tx, "profile").await?;
    let ages = catalog::catalog(tx, "age_bracket").await?;
    let mut problems = vec![];
    let rows: Vec<PaperRow> = TEXTS
        .paper
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            workshop_paper::check_row(
                &profiles,
                &ages,
                i + 1,
                &p.profile,
                &p.age_bracket,
                &p.body,
                &mut problems,
            )
        })
        .collect();
    match problems.first() {
        None => Ok(rows),
        Some(p) => Err(anyhow::anyhow!("demo paper contribution: {p:?}")),
    }
}

/// Seeds the workshops of the demo communes among `communes` that have none.
pub async fn workshops_demo(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<DemoReport> {
    let mut report = DemoReport::default();
    let texts = &*TEXTS;
    for c in communes.iter().filter(|c| COMMUNES.contains(&c.slug)) {
        let (slug, tz, name) = (c.slug, c.time_zone, c.name_ar);
        let mut tx = db.tenant_tx(c.id).await?;
        let exists = !workshop_repo::list(&mut tx).await?.is_empty();
        let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
        let (false, Some(programme)) = (exists, programme) else {
            tx.rollback().await?;
            report.skipped += 1;
            continue;
        };
        let today = infitah_plans::repo::today(&mut tx, tz).await?;
        let prep = &texts.minutes.co_preparation;
        if slug == "kenitra" {
            let f = fields(
                &texts.kenitra,
                "co_preparation",
                None,
                date!(2021 - 03 - 20),
                name,
                prep,
            );
            workshop(&mut tx, programme.id, f, &texts.co_preparation_attendance).await?;
            report.workshops += 1;
        } else {
            let held_on = today - Duration::days(75);
            let f = fields(
                &texts.co_preparation,
                "co_preparation",
                None,
                held_on,
                name,
                prep,
            );
            workshop(&mut tx, programme.id, f, &texts.co_preparation_attendance).await?;
            report.workshops += 1;
            // The consultative workshop feeds the project's consultation, while it is open.
            let consultation = infitah_consultation::repo::all_consultations(&mut tx, tz)
                .await?
                .into_iter()
                .filter(|c| c.project_id.is_some())
                .max_by_key(|c| c.opens_at);
            if let Some(consultation) = consultation {
                let held_on = (consultation.opens_local.date() + Duration::days(4)).min(today);
                let minutes = &texts.minutes.consultative;
                let f = fields(
                    &texts.consultative,
                    "consultative",
                    Some(consultation.id),
                    held_on,
                    name,
                    minutes,
                );
                let w = workshop(&mut tx, programme.id, f, &texts.consultative_attendance).await?;
                let w = workshop_repo::get(&mut tx, w)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("the demo workshop of {slug} vanished"))?;
                report.workshops += 1;
                let rows = paper_rows(&mut tx).await?;
                report.paper += workshop_repo::insert_paper(&mut tx, &w, consultation.id, tz, &rows)
                    .await? as usize;
            }
        }
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.communes += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_holds_together() {
        let t = &*TEXTS;
        assert_eq!(t.idea.len(), 6);
        assert_eq!(t.paper.len(), 22);
        for w in [&t.kenitra, &t.co_preparation, &t.consultative] {
            assert!(w.place.contains("{name}"), "{}", w.place);
        }
        let total = |a: &[Attendance]| a.iter().map(|a| a.attendees).sum::<i32>();
        assert!(total(&t.co_preparation_attendance) > 0 && total(&t.consultative_attendance) > 0);
        assert!(t.idea.iter().all(|i| i.days_ago > 0));
    }
}
