//! The national-scale demo (`infitah demo --national-scale`): a
//! deterministic, synthetic openness programme for every collectivity of the
//! national list — 1,503 communes, 83 provinces and prefectures, 12 regions —
//! so that the national view and its benchmarks run on the country's real
//! shape: about 8 projects of about 5 activities each, with their progress
//! histories, process stages, pillars, drafts, projects without activities,
//! and, on purpose, some collectivities without any (published) programme.
//!
//! Everything is drawn from a generator seeded by the collectivity's HCP
//! code, ids included, so two runs on two databases write the same rows.
//! Idempotent: a collectivity that already has a programme (the branded demo
//! communes, or an earlier run) is left alone.
//!
//! Fast because set-based: the rows are built in memory, sent with `COPY`
//! into temporary tables (one round trip per table), then moved into place
//! by one server-side loop that sets each collectivity in turn as the
//! transaction's tenant — the tables' forced row-level security holds the
//! writer as it holds the application — and recomputes that collectivity's
//! national summaries once, instead of once per statement
//! (`infitah.national_bulk`). One transaction: all or nothing.

use std::{fmt, fmt::Write as _, time::Instant};

use sqlx::{Executor, PgConnection};
use time::Month;
use uuid::Uuid;

mod rows;

use rows::{Buffers, Given, generate};

use crate::rng::{Rng, fnv1a};

/// Which collectivities to fill.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every collectivity of the registry.
    All,
    /// Those whose HCP code starts with one of these (a region "04", a province "04.281", …).
    Codes(Vec<String>),
}

impl Scope {
    fn admits(&self, code: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Codes(list) => list.iter().any(|c| code.starts_with(c.as_str())),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct SynthReport {
    pub created: usize,
    pub skipped: usize,
    /// Collectivities left without a published programme on purpose.
    pub without_programme: usize,
    pub projects: usize,
    pub activities: usize,
    pub progress_events: usize,
    pub evaluations: usize,
    pub generate_ms: u128,
    pub copy_ms: u128,
    pub load_ms: u128,
}

impl fmt::Display for SynthReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "national-scale programmes: {} collectivities filled, {} skipped (already had one), {} left without a published programme on purpose; \
             {} projects, {} activities, {} progress events, {} evaluations written in {:.2} s (generate {:.2} s, copy {:.2} s, load and summarise {:.2} s)",
            self.created,
            self.skipped,
            self.without_programme,
            self.projects,
            self.activities,
            self.progress_events,
            self.evaluations,
            (self.generate_ms + self.copy_ms + self.load_ms) as f64 / 1000.0,
            self.generate_ms as f64 / 1000.0,
            self.copy_ms as f64 / 1000.0,
            self.load_ms as f64 / 1000.0,
        )
    }
}

/// The month the synthetic histories stop at: fixed, so that every run writes the same rows.
pub const AS_OF: (i32, Month) = (2026, Month::October);

/// A stable id: the same collectivity, kind of row and position give the same uuid.
fn stable_id(code: &str, what: &str, n: usize) -> Uuid {
    let mut r = Rng::new(
        fnv1a(code) ^ fnv1a(what).rotate_left(17) ^ (n as u64).wrapping_mul(0x2545_f491_4f6c_dd1d),
    );
    let (a, b) = (r.draw(), r.draw());
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Fills the collectivities of `scope` that have no programme yet. `conn`
/// acts as `infitah_owner` (see `infitah_platform::migrate::owner_connection`).
pub async fn seed(conn: &mut PgConnection, scope: &Scope) -> anyhow::Result<SynthReport> {
    seed_with(conn, scope, false).await
}

/// [`seed`], one collectivity at a time under row-level security even for a
/// superuser when `each` is set (what an administrator that is not a
/// superuser always gets).
pub async fn seed_with(
    conn: &mut PgConnection,
    scope: &Scope,
    each: bool,
) -> anyhow::Result<SynthReport> {
    let mut report = SynthReport::default();
    let started = Instant::now();
    let (b, written) = generate_all(conn, scope, &mut report).await?;
    report.generate_ms = started.elapsed().as_millis();

    let started = Instant::now();
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    copy_all(&mut tx, &b).await?;
    report.copy_ms = started.elapsed().as_millis();

    let started = Instant::now();
    let superuser = load(&mut tx, each).await?;
    count(&mut tx, &mut report, written).await?;
    if superuser {
        tx.execute(format!("set role {}", infitah_platform::migrate::OWNER).as_str())
            .await?;
    }
    tx.commit().await?;
    report.load_ms = started.elapsed().as_millis();
    Ok(report)
}

/// Every admitted collectivity's rows, as COPY takes them, and how many got a programme.
async fn generate_all(
    conn: &mut PgConnection,
    scope: &Scope,
    report: &mut SynthReport,
) -> anyhow::Result<(Buffers, usize)> {
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "select id, hcp_code from tenants
          where kind <> 'nation' and hcp_code is not null and disabled_at is null order by hcp_code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut b = Buffers::default();
    let mut written = 0usize;
    for (id, code) in rows {
        if !scope.admits(&code) {
            continue;
        }
        match generate(id, &code, &mut b) {
            Given::Nothing => report.without_programme += 1,
            Given::DraftProgramme => {
                report.without_programme += 1;
                written += 1;
            }
            Given::Programme => written += 1,
        }
    }
    Ok((b, written))
}

/// The rows into temporary tables shaped like their targets, by COPY.
async fn copy_all(conn: &mut PgConnection, b: &Buffers) -> anyhow::Result<()> {
    for (tmp, like, cols, data) in [
        (
            "synth_programmes",
            "programmes",
            "tenant_id, id, period_start, period_end, created_at, title_ar, title_fr, published",
            &b.programmes,
        ),
        (
            "synth_stages",
            "programme_stages",
            "tenant_id, programme_id, stage, planned_start, planned_end, actual_start, actual_end",
            &b.stages,
        ),
        (
            "synth_projects",
            "projects",
            "tenant_id, id, programme_id, position, title_ar, title_fr, published, published_at, problem_category, budget_stated, budget_mad",
            &b.projects,
        ),
        (
            "synth_items",
            "project_items",
            "tenant_id, id, project_id, kind, position, text_ar, text_fr",
            &b.items,
        ),
        (
            "synth_pillars",
            "project_pillars",
            "tenant_id, project_id, pillar",
            &b.pillars,
        ),
        (
            "synth_activities",
            "activities",
            "tenant_id, id, project_id, position, title_ar, title_fr, start_month, end_month, completion",
            &b.activities,
        ),
        (
            "synth_events",
            "progress_events",
            "tenant_id, id, project_id, activity_id, at, actor_name, old_value, new_value, note",
            &b.events,
        ),
        (
            "synth_evaluations",
            "evaluations",
            EVALUATION_COLUMNS,
            &b.evaluations,
        ),
    ] {
        conn.execute(
            format!("create temp table {tmp} (like {like} including defaults) on commit drop")
                .as_str(),
        )
        .await?;
        let mut copy = conn
            .copy_in_raw(&format!("copy {tmp} ({cols}) from stdin (format csv)"))
            .await?;
        copy.send(data.as_bytes()).await?;
        copy.finish().await?;
        conn.execute(format!("create index on {tmp} (tenant_id); analyze {tmp}").as_str())
            .await?;
    }
    Ok(())
}

/// Moves the rows of the collectivities that have no programme into the
/// real tables; whether it did so as a superuser.
async fn load(conn: &mut PgConnection, each: bool) -> anyhow::Result<bool> {
    // A superuser (the usual administrator) is not held by row-level
    // security: it loads everything in a few set-based statements. Any other
    // administrator acts as the owner, which forced RLS holds to one
    // collectivity at a time: it loads them in turn, server-side.
    let superuser: bool = !each
        && sqlx::query_scalar("select rolsuper from pg_roles where rolname = session_user")
            .fetch_one(&mut *conn)
            .await?;
    if superuser {
        conn.execute("reset role").await?;
        conn.execute(LOAD_SET_BASED.as_str()).await?;
    } else {
        conn.execute(LOAD_EACH.as_str()).await?;
    }
    // Fresh statistics, so that the national reads plan well at once.
    conn.execute(
        "analyze programmes, programme_stages, projects, project_items, project_pillars, activities, progress_events, evaluations,
                 national_programmes, national_projects, national_pillars, national_open_activities, national_months, content_versions",
    )
    .await?;
    Ok(superuser)
}

/// What the load created, into the report.
async fn count(
    conn: &mut PgConnection,
    report: &mut SynthReport,
    written: usize,
) -> anyhow::Result<()> {
    let created: i64 = sqlx::query_scalar("select count(*) from synth_created")
        .fetch_one(&mut *conn)
        .await?;
    let (projects, activities, events, evaluations): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from synth_projects p join synth_created c using (tenant_id)),
                (select count(*) from synth_activities a join synth_created c using (tenant_id)),
                (select count(*) from synth_events e join synth_created c using (tenant_id)),
                (select count(*) from synth_evaluations e join synth_created c using (tenant_id))",
    )
    .fetch_one(&mut *conn)
    .await?;
    report.created = created as usize;
    report.skipped = written.saturating_sub(created as usize);
    report.projects = projects as usize;
    report.activities = activities as usize;
    report.progress_events = events as usize;
    report.evaluations = evaluations as usize;
    Ok(())
}

/// The columns moved from each temporary table into its table.
const MOVES: &[(&str, &str, &str)] = &[
    (
        "programmes",
        "synth_programmes",
        "tenant_id, id, period_start, period_end, created_at, title_ar, title_fr, published",
    ),
    (
        "programme_stages",
        "synth_stages",
        "tenant_id, programme_id, stage, planned_start, planned_end, actual_start, actual_end",
    ),
    (
        "projects",
        "synth_projects",
        "tenant_id, id, programme_id, position, title_ar, title_fr, published, published_at, problem_category, budget_stated, budget_mad",
    ),
    (
        "project_items",
        "synth_items",
        "tenant_id, id, project_id, kind, position, text_ar, text_fr",
    ),
    (
        "project_pillars",
        "synth_pillars",
        "tenant_id, project_id, pillar",
    ),
    (
        "activities",
        "synth_activities",
        "tenant_id, id, project_id, position, title_ar, title_fr, start_month, end_month, completion",
    ),
    (
        "progress_events",
        "synth_events",
        "tenant_id, id, project_id, activity_id, at, actor_name, old_value, new_value, note",
    ),
    ("evaluations", "synth_evaluations", EVALUATION_COLUMNS),
];

const EVALUATION_COLUMNS: &str =
    "tenant_id, id, project_id, period, level, justification, recorded_by, recorded_at";

/// As a superuser: every collectivity without a programme at once, then one
/// set-based recomputation of the national summaries, then the content
/// versions (and the notification every replica listens to).
static LOAD_SET_BASED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let mut sql = String::from(
        "select set_config('infitah.national_bulk', 'on', true);
         create temp table synth_created on commit drop as
             select distinct s.tenant_id from synth_programmes s
              where not exists (select 1 from programmes p where p.tenant_id = s.tenant_id);
         alter table synth_created add primary key (tenant_id);\n",
    );
    for (table, tmp, cols) in MOVES {
        let _ = writeln!(
            sql,
            "insert into {table} ({cols}) select {cols} from {tmp} where tenant_id in (select tenant_id from synth_created);"
        );
    }
    sql.push_str(
        "select national_refresh(array(select tenant_id from synth_created));
         with bumped as (
             insert into content_versions (tenant_id, version) select tenant_id, 2 from synth_created
                 on conflict (tenant_id) do update set version = content_versions.version + 1
             returning tenant_id, version)
         select count(pg_notify('infitah_content', tenant_id::text || ':' || version)) from bumped;
         select set_config('infitah.national_bulk', 'off', true);",
    );
    sql
});

/// As the owner: one collectivity at a time, its row-level security applying
/// (the transaction's tenant set in turn), skipping those that already have a
/// programme; each one's national summaries recomputed once.
static LOAD_EACH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let mut moves = String::new();
    for (table, tmp, cols) in MOVES {
        let _ = writeln!(
            moves,
            "        insert into {table} ({cols}) select {cols} from {tmp} where tenant_id = t;"
        );
    }
    format!(
        r#"
create temp table synth_created (tenant_id uuid primary key) on commit drop;
do $$
declare
    t uuid;
    v bigint;
begin
    perform set_config('infitah.national_bulk', 'on', true);
    for t in select distinct tenant_id from synth_programmes order by 1 loop
        perform set_config('app.tenant_id', t::text, true);
        if exists (select 1 from programmes) then
            continue;
        end if;
{moves}
        perform national_refresh(array[t]);
        insert into content_versions (tenant_id, version) values (t, 2)
            on conflict (tenant_id) do update set version = content_versions.version + 1
            returning version into v;
        perform pg_notify('infitah_content', t::text || ':' || v);
        insert into synth_created values (t);
    end loop;
    perform set_config('infitah.national_bulk', 'off', true);
    perform set_config('app.tenant_id', '', true);
end
$$;
"#
    )
});
