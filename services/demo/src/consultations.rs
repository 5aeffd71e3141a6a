//! The demo's consultations, written by `infitah demo` after the programmes
//! ([`crate::programmes`]), from `data/consultations.toml`. Kénitra's project
//! احداث هيئات استشارية gets the consultation its card shows: ended in May
//! 2021 ("La période de la consultation est achevée (mai 2021)"), with no
//! comment ("Nombre de commentaires 0"). Other demo communes get an open
//! consultation on their draft programme and one on a project, with comments
//! in Arabic and French, replies and an official answer, so that the pages
//! look like a consultation people took part in; two get a consultation that
//! ended.
//!
//! Consultations, accounts and answers are written through consultation's
//! and identity's functions, each text checked as a user's would be. The
//! comments are not: a citizen's comment goes through `comment_insert`
//! (migration 0010), which dates it now and refuses a closed window, and the
//! demo's are dated in the past, some in windows that have closed.
//!
//! Idempotent: a commune that already has a consultation is left alone.

use std::{fmt, sync::LazyLock};

use infitah_consultation::{
    model::{AnswerBody, CommentBody, ItemKind, LocalDateTime},
    repo::{self, ConsultationFields},
};
use infitah_identity::repo as accounts;
use infitah_platform::{
    content,
    db::{Db, TenantTx},
    i18n::Lang,
    texts::Bilingual,
};
use serde::Deserialize;
use time::{Duration, PrimitiveDateTime, Time, macros::datetime};
use uuid::Uuid;

use crate::{
    Commune,
    data::{self, Pair},
};

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub created: usize,
    pub skipped: usize,
    pub consultations: usize,
    pub comments: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo consultations: {} communes seeded, {} skipped (already there); {} consultations, {} comments written",
            self.created, self.skipped, self.consultations, self.comments
        )
    }
}

// ---------------------------------------------------------------------------
// The data file.

/// `data/consultations.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    service: String,
    citizen: Vec<Citizen>,
    programme: Thread,
    project: Thread,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Citizen {
    name: String,
    lang: String,
}

/// A consultation's comments and the answer to one of them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Thread {
    title: Option<Pair>,
    description: Option<Pair>,
    comment: Vec<Comment>,
    answer: Answer,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Comment {
    /// An index in `citizen`.
    author: usize,
    profile: String,
    age_bracket: String,
    /// Days after the opening.
    day: i64,
    body: String,
    /// An index in the same list.
    reply_to: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    /// An index in the thread's comments.
    comment: usize,
    /// Days after that comment.
    day: i64,
    body: String,
}

static TEXTS: LazyLock<Texts> = LazyLock::new(|| {
    data::parse(
        "consultations.toml",
        include_str!("../data/consultations.toml"),
    )
});

// ---------------------------------------------------------------------------
// Seeding.

/// Seeds the consultations of each commune that has none yet, one tenant
/// transaction per commune.
pub async fn seed(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for c in communes {
        let (slug, tz) = (c.slug, c.time_zone);
        let mut tx = db.tenant_tx(c.id).await?;
        let exists = !repo::all_consultations(&mut tx, tz).await?.is_empty();
        let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
        let (true, Some(programme)) = (!exists, programme) else {
            tx.rollback().await?;
            report.skipped += 1;
            continue;
        };
        let written = if slug == "kenitra" {
            kenitra(&mut tx, programme.id, tz, &mut report).await
        } else {
            generic(&mut tx, slug, programme.id, tz, &mut report).await
        };
        written.map_err(|e| anyhow::anyhow!("demo consultations of {slug}: {e}"))?;
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.created += 1;
    }
    Ok(report)
}

fn local(dt: PrimitiveDateTime) -> LocalDateTime {
    LocalDateTime::new(dt)
}

async fn kenitra(
    tx: &mut TenantTx,
    programme: Uuid,
    tz: &str,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let project = infitah_plans::repo::projects(tx, programme, true)
        .await?
        .into_iter()
        .find(|p| p.title.ar.as_deref() == Some("احداث هيئات استشارية"))
        .map(|p| p.id);
    let Some(project) = project else {
        return Ok(());
    };
    // "La période de la consultation est achevée (mai 2021)", "Nombre de commentaires 0".
    repo::create_consultation(
        tx,
        programme,
        &ConsultationFields {
            project_id: Some(project),
            title: Bilingual::default(),
            description: Bilingual::default(),
            opens: local(datetime!(2021-04-15 00:00)),
            closes: local(datetime!(2021-05-31 23:59)),
        },
        tz,
        None,
    )
    .await?;
    report.consultations += 1;
    Ok(())
}

/// A demo account: found by its address, or created verified, without a
/// password (nobody signs in as it).
async fn account(tx: &mut TenantTx, email: &str, name: &str, lang: Lang) -> anyhow::Result<Uuid> {
    let id = match accounts::create(tx, email, name, None, lang, Some(1)).await? {
        Some(id) => id,
        None => {
            accounts::find_by_email(tx, email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo account {email} vanished"))?
                .id
        }
    };
    accounts::mark_verified(tx, id).await?;
    Ok(id)
}

/// The first `n` demo citizens of a commune (the consultations' and the ideas' alike).
pub(crate) async fn citizens(tx: &mut TenantTx, slug: &str, n: usize) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = vec![];
    for (i, c) in TEXTS.citizen.iter().take(n).enumerate() {
        let email = format!("citoyen{}.demo@{slug}.example", i + 1);
        let lang = Lang::parse(&c.lang)
            .ok_or_else(|| anyhow::anyhow!("demo citizen {}: no language {}", c.name, c.lang))?;
        ids.push(account(tx, &email, &c.name, lang).await?);
    }
    Ok(ids)
}

/// The first published project of a programme (in the programme's order).
pub(crate) async fn first_published(
    tx: &mut TenantTx,
    programme: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    Ok(infitah_plans::repo::projects(tx, programme, false)
        .await?
        .first()
        .map(|p| p.id))
}

async fn generic(
    tx: &mut TenantTx,
    slug: &str,
    programme: Uuid,
    tz: &str,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let today = infitah_plans::repo::today(tx, tz).await?;
    let at = |days: i64, h: u8, m: u8| {
        PrimitiveDateTime::new(
            today + Duration::days(days),
            Time::from_hms(h, m, 0).expect("a valid time"),
        )
    };
    // Two communes show a consultation that ended; the others, consultations under way.
    let ended = matches!(slug, "oujda" | "agadir");
    let texts = &*TEXTS;
    let people = citizens(tx, slug, texts.citizen.len()).await?;
    let service = account(
        tx,
        &format!("democratie-participative.demo@{slug}.example"),
        &texts.service,
        Lang::Ar,
    )
    .await?;
    let open =
        |project_id: Option<Uuid>,
         thread: &Thread,
         (opens, closes): (PrimitiveDateTime, PrimitiveDateTime)| ConsultationFields {
            project_id,
            title: thread
                .title
                .as_ref()
                .map(Pair::bilingual)
                .unwrap_or_default(),
            description: thread
                .description
                .as_ref()
                .map(Pair::bilingual)
                .unwrap_or_default(),
            opens: local(opens),
            closes: local(closes),
        };
    let mut plans = vec![];
    if !ended {
        plans.push((
            open(None, &texts.programme, (at(-12, 9, 0), at(40, 23, 59))),
            &texts.programme,
        ));
    }
    if let Some(project) = first_published(tx, programme).await? {
        let window = if ended {
            (at(-150, 9, 0), at(-95, 23, 59))
        } else {
            (at(-8, 9, 0), at(25, 23, 59))
        };
        plans.push((open(Some(project), &texts.project, window), &texts.project));
    }
    for (fields, thread) in plans {
        let c = repo::create_consultation(tx, programme, &fields, tz, Some(service)).await?;
        report.consultations += 1;
        let place = Place {
            consultation: c,
            tz,
            opened: fields.opens.get(),
            people: &people,
            service,
        };
        comments(tx, &place, thread, report).await?;
    }
    Ok(())
}

/// A consultation to fill: when it opened, who writes, who answers.
struct Place<'a> {
    consultation: Uuid,
    tz: &'a str,
    opened: PrimitiveDateTime,
    people: &'a [Uuid],
    service: Uuid,
}

/// The thread's comments and the collectivity's answer to one of them, each
/// dated after the opening, each text checked as a user's is.
async fn comments(
    tx: &mut TenantTx,
    place: &Place<'_>,
    thread: &Thread,
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let tenant = tx.tenant().0;
    let mut written: Vec<(Uuid, PrimitiveDateTime)> = vec![];
    for (i, c) in thread.comment.iter().enumerate() {
        let body =
            CommentBody::parse(&c.body).map_err(|e| anyhow::anyhow!("demo comment {i}: {e:?}"))?;
        let id = Uuid::now_v7();
        let when = place.opened + Duration::days(c.day) + Duration::minutes(37 * i as i64 + 95);
        sqlx::query!(
            "insert into comments (tenant_id, id, consultation_id, parent_id, author_id, profile, age_bracket, body, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp at time zone $10)",
            tenant,
            id,
            place.consultation,
            c.reply_to.map(|r| written[r].0),
            place.people[c.author % place.people.len()],
            c.profile,
            c.age_bracket,
            body.as_str(),
            when,
            place.tz
        )
        .execute(tx.conn())
        .await?;
        written.push((id, when));
        report.comments += 1;
    }
    let a = &thread.answer;
    if let Some((item, when)) = written.get(a.comment) {
        let body = AnswerBody::parse(&a.body).map_err(|e| anyhow::anyhow!("demo answer: {e:?}"))?;
        let at = instant(tx, *when + Duration::days(a.day), place.tz).await?;
        repo::add_answer(tx, ItemKind::Comment, *item, &body, place.service, Some(at)).await?;
    }
    Ok(())
}

/// A moment on the collectivity's clock, as an instant (the database knows the time zones).
async fn instant(
    tx: &mut TenantTx,
    local: PrimitiveDateTime,
    tz: &str,
) -> Result<time::OffsetDateTime, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select ($1::timestamp at time zone $2) as "at!""#,
        local,
        tz
    )
    .fetch_one(tx.conn())
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_holds_together() {
        let t = &*TEXTS;
        assert_eq!(t.citizen.len(), 8);
        for c in &t.citizen {
            assert!(Lang::parse(&c.lang).is_some(), "{}", c.name);
        }
        for thread in [&t.programme, &t.project] {
            for (i, c) in thread.comment.iter().enumerate() {
                assert!(c.author < t.citizen.len());
                assert!(
                    c.reply_to.is_none_or(|r| r < i),
                    "a reply to a later comment"
                );
                assert!(CommentBody::parse(&c.body).is_ok(), "{}", c.body);
            }
            assert!(thread.answer.comment < thread.comment.len());
            assert!(AnswerBody::parse(&thread.answer.body).is_ok());
        }
        assert!(t.programme.title.is_some() && t.project.title.is_none());
    }
}
