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
use time::{Date, Month};
use uuid::Uuid;

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

/// (Arabic, French)
type Text = (&'static str, &'static str);

const PROJECTS: &[(Text, &[&str], &str)] = &[
    (
        (
            "إحداث هيئات استشارية للشباب",
            "Création d'instances consultatives des jeunes",
        ),
        &["participation"],
        "participation",
    ),
    (
        (
            "نشر الميزانية الجماعية بلغة مبسطة",
            "Publication du budget communal en langage simple",
        ),
        &["transparency", "access_to_information"],
        "transparency",
    ),
    (
        (
            "بوابة إلكترونية للولوج إلى المعلومة",
            "Portail électronique d'accès à l'information",
        ),
        &["access_to_information", "digitalisation"],
        "access_to_information",
    ),
    (
        (
            "ميزانية تشاركية للأحياء",
            "Budget participatif des quartiers",
        ),
        &["participation", "transparency"],
        "participation",
    ),
    (
        (
            "رقمنة خدمات الحالة المدنية",
            "Numérisation des services de l'état civil",
        ),
        &["digitalisation"],
        "digitalisation",
    ),
    (
        (
            "نشر محاضر دورات المجلس",
            "Publication des procès-verbaux des sessions du conseil",
        ),
        &["transparency", "access_to_information"],
        "transparency",
    ),
    (
        (
            "منصة للعرائض والملتمسات",
            "Plateforme des pétitions et des motions",
        ),
        &["participation", "digitalisation"],
        "participation",
    ),
    (
        (
            "مكتب لاستقبال وتوجيه المرتفقين",
            "Bureau d'accueil et d'orientation des usagers",
        ),
        &["access_to_information"],
        "public_services",
    ),
    (
        (
            "نشر المعطيات المفتوحة للجماعة",
            "Publication des données ouvertes de la commune",
        ),
        &["access_to_information", "digitalisation"],
        "access_to_information",
    ),
    (
        (
            "تتبع شكايات المواطنين",
            "Suivi des réclamations des citoyens",
        ),
        &["transparency", "digitalisation"],
        "public_services",
    ),
    (
        (
            "لقاءات تواصلية مع الساكنة",
            "Rencontres de communication avec la population",
        ),
        &["participation"],
        "participation",
    ),
    (
        (
            "نشر الصفقات العمومية وتتبع تنفيذها",
            "Publication des marchés publics et suivi de leur exécution",
        ),
        &["transparency"],
        "transparency",
    ),
    (
        (
            "تفعيل هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
            "Activation de l'instance de l'équité, de l'égalité des chances et de l'approche genre",
        ),
        &["participation"],
        "participation",
    ),
    (
        (
            "رقمنة رخص التعمير",
            "Dématérialisation des autorisations d'urbanisme",
        ),
        &["digitalisation", "transparency"],
        "digitalisation",
    ),
    (
        (
            "إشراك الجمعيات في إعداد برنامج العمل",
            "Association des associations à l'élaboration du programme d'action",
        ),
        &["participation"],
        "participation",
    ),
    (
        (
            "نشر تقارير تنفيذ الميزانية",
            "Publication des rapports d'exécution du budget",
        ),
        &["transparency", "access_to_information"],
        "transparency",
    ),
    (
        (
            "إحداث مجلس محلي للأطفال",
            "Création d'un conseil local des enfants",
        ),
        &["participation"],
        "participation",
    ),
    (
        (
            "تكوين الموظفين في مجال الحكومة المنفتحة",
            "Formation du personnel au gouvernement ouvert",
        ),
        &["transparency", "participation"],
        "public_services",
    ),
    (
        (
            "خريطة تفاعلية للمشاريع الجماعية",
            "Carte interactive des projets de la collectivité",
        ),
        &["access_to_information", "digitalisation"],
        "access_to_information",
    ),
    (
        (
            "استطلاع رضا المرتفقين",
            "Enquête de satisfaction des usagers",
        ),
        &["participation", "digitalisation"],
        "public_services",
    ),
];

const ACTIVITIES: &[Text] = &[
    ("إعداد دفتر التحملات", "Préparation du cahier des charges"),
    (
        "تنظيم ورشة تشاورية",
        "Organisation d'un atelier de concertation",
    ),
    ("تكوين فريق العمل", "Constitution de l'équipe de travail"),
    (
        "إطلاق المنصة الرقمية",
        "Lancement de la plateforme numérique",
    ),
    (
        "حملة تواصلية وتحسيسية",
        "Campagne de communication et de sensibilisation",
    ),
    ("نشر التقرير الأول", "Publication du premier rapport"),
    ("تقييم مرحلي", "Évaluation à mi-parcours"),
    ("تكوين الأطر", "Formation des cadres"),
    ("جمع ومعالجة المعطيات", "Collecte et traitement des données"),
    (
        "المصادقة على النظام الداخلي",
        "Adoption du règlement intérieur",
    ),
    ("تجهيز الفضاء", "Aménagement de l'espace"),
    (
        "تنظيم لقاء مع الساكنة",
        "Organisation d'une rencontre avec la population",
    ),
];

const PROBLEMS: &[Text] = &[
    (
        "ضعف مشاركة المواطنين في تدبير الشأن المحلي",
        "Faible participation des citoyens à la gestion des affaires locales",
    ),
    (
        "صعوبة الولوج إلى المعلومات المتعلقة بالجماعة",
        "Difficulté d'accès aux informations sur la collectivité",
    ),
    (
        "ضعف الثقة بين المواطن والجماعة",
        "Faible confiance entre le citoyen et la collectivité",
    ),
    ("بطء الخدمات الإدارية", "Lenteur des services administratifs"),
];

const SOLUTIONS: &[Text] = &[
    (
        "إحداث آلية دائمة للتشاور مع الساكنة",
        "Mettre en place un mécanisme permanent de concertation avec la population",
    ),
    (
        "نشر المعلومات بشكل استباقي ومنتظم",
        "Publier les informations de manière proactive et régulière",
    ),
    (
        "رقمنة المساطر وتبسيطها",
        "Numériser et simplifier les procédures",
    ),
    (
        "تتبع الإنجاز بشكل علني",
        "Suivre la réalisation publiquement",
    ),
];

const NOTES: &[&str] = &[
    "تم الإنجاز حسب البرنامج",
    "Réalisé selon le calendrier",
    "تأخر بسبب مسطرة الصفقة",
    "Retard dû à la procédure de marché",
    "",
    "",
];

/// What co-monitoring committees write: (Arabic, French), joined.
const JUSTIFICATIONS: &[&str] = &[
    "تمت معاينة الوثائق والأنشطة المنجزة — Documents et activités réalisées vérifiés sur place",
    "الإنجاز أقل مما صرحت به الجماعة — Réalisation inférieure à ce que déclare la commune",
    "محاضر الاجتماعات منشورة — Procès-verbaux des réunions publiés",
    "لم يتم تقديم أي دليل على الإنجاز — Aucune preuve de réalisation fournie",
];

/// The half-years the synthetic committees evaluated, and when they recorded each.
const EVALUATION_PERIODS: [(&str, &str); 2] = [
    ("2025-H2", "2026-01-20 10:00:00+01"),
    ("2026-H1", "2026-07-20 10:00:00+01"),
];

/// A committee's verdict on a project of this progress: mostly a little
/// below what the collectivity reports (`strictness` in 0..1), sometimes "no evidence".
fn evaluation_level(rng: &mut Rng, progress: f64, strictness: f64) -> &'static str {
    if rng.chance(0.04) {
        return "no_evidence";
    }
    let seen = progress * (1.0 - strictness * rng.unit()) + 10.0 * (rng.unit() - 0.5);
    match seen {
        s if s < 5.0 => "not_started",
        s if s < 50.0 => "limited",
        s if s < 88.0 => "substantial",
        _ => "complete",
    }
}

const STAGES: [&str; 6] = [
    "axes",
    "workshops",
    "consultation",
    "approval",
    "implementation",
    "monitoring",
];

/// Month index 0 = January 2024.
fn month(i: i64) -> Date {
    let y = 2024 + i.div_euclid(12) as i32;
    let m = Month::try_from((i.rem_euclid(12) + 1) as u8).expect("a month");
    Date::from_calendar_date(y, m, 1).expect("the first of a month")
}

fn as_of_index() -> i64 {
    (AS_OF.0 as i64 - 2024) * 12 + AS_OF.1 as i64 - 1
}

/// A field of a CSV row for COPY: text quoted, None empty (NULL).
fn q(out: &mut String, v: Option<&str>) {
    if let Some(v) = v {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    }
}

#[derive(Default)]
struct Buffers {
    programmes: String,
    stages: String,
    projects: String,
    items: String,
    pillars: String,
    activities: String,
    events: String,
    evaluations: String,
}

/// What a collectivity was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    Nothing,
    DraftProgramme,
    Programme,
}

/// What one collectivity gets.
fn generate(id: Uuid, code: &str, b: &mut Buffers) -> Given {
    let mut rng = Rng::new(fnv1a(code) ^ 0x6e61_7469_6f6e_616c);
    // About 6 % have nothing yet, 2 % only a draft programme: neither is published.
    let roll = rng.range(0, 99);
    if roll < 6 {
        return Given::Nothing;
    }
    let published = roll >= 8;
    let programme = stable_id(code, "programme", 0);
    let tenant = id.to_string();
    let (title_ar, title_fr) = (
        "برنامج عمل الانفتاح 2024-2026",
        "Programme d'action d'ouverture 2024-2026",
    );
    let created = format!(
        "2023-{:02}-{:02} 10:00:00+01",
        rng.range(9, 12),
        rng.range(1, 28)
    );
    let _ = writeln!(
        b.programmes,
        "{tenant},{programme},2024,2026,{created},\"{title_ar}\",\"{title_fr}\",{published}"
    );

    // How far along the process: most are implementing.
    let reach: i64 = match rng.range(0, 99) {
        0..=1 => -1,
        2..=3 => 0,
        4..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=83 => 4,
        _ => 5,
    };
    let shift = rng.range(0, 4);
    let plan: [(i64, i64); 6] = [(-4, -4), (-3, -3), (-2, -2), (-1, -1), (0, 35), (12, 35)];
    for (i, stage) in STAGES.iter().enumerate() {
        let (ps, pe) = (
            plan[i].0 + shift,
            plan[i].1 + if i >= 4 { 0 } else { shift },
        );
        let (started, ended) = ((i as i64) <= reach, (i as i64) < reach);
        let actual_start = started.then(|| month(ps + rng.range(0, 1)).to_string());
        let actual_end = (ended && i < 4).then(|| month(pe + 1).to_string());
        let _ = writeln!(
            b.stages,
            "{tenant},{programme},{stage},{},{},{},{}",
            month(ps),
            month(pe),
            actual_start.as_deref().unwrap_or(""),
            actual_end.as_deref().unwrap_or("")
        );
    }

    // How fast this collectivity works, and whether its updates stopped (stale).
    let pace = 0.5 + 0.5 * rng.unit();
    let stale = rng.chance(0.12);
    let now = as_of_index();
    let last_event_month = if stale { now - rng.range(4, 9) } else { now };
    let implementing = reach >= 4;
    // Six in ten of those implementing have a committee that evaluates, each
    // with its own strictness (a generator of its own, so that the rest of
    // the data does not depend on it).
    let mut erng = Rng::new(fnv1a(code) ^ 0x6576_616c_7561_7465);
    let committee = (implementing && erng.chance(0.6)).then(|| 0.1 + 0.5 * erng.unit());
    let n_projects = rng.range(6, 10) as usize;
    let first = rng.range(0, PROJECTS.len() as i64 - 1) as usize;
    for p in 0..n_projects {
        let ((title_ar, title_fr), pillars, category) = PROJECTS[(first + p * 7) % PROJECTS.len()];
        let project = stable_id(code, "project", p);
        let draft = rng.chance(0.08);
        let budget = if rng.chance(0.6) {
            format!("true,{}", rng.range(5, 200) * 10_000)
        } else {
            "false,".to_owned()
        };
        let published_at = if draft {
            String::new()
        } else {
            "2024-02-01 09:00:00+01".to_owned()
        };
        let _ = writeln!(
            b.projects,
            "{tenant},{project},{programme},{p},\"{title_ar}\",\"{title_fr}\",{},{published_at},{category},{budget}",
            !draft
        );
        let (pr, so) = (
            PROBLEMS[rng.range(0, PROBLEMS.len() as i64 - 1) as usize],
            SOLUTIONS[rng.range(0, SOLUTIONS.len() as i64 - 1) as usize],
        );
        for (i, (kind, (ar, fr))) in [("problem", pr), ("solution", so)].into_iter().enumerate() {
            let _ = writeln!(
                b.items,
                "{tenant},{},{project},{kind},1,\"{ar}\",\"{fr}\"",
                stable_id(code, "item", p * 2 + i)
            );
        }
        for pillar in pillars.iter() {
            let _ = writeln!(b.pillars, "{tenant},{project},{pillar}");
        }
        // One project in twenty has no activity yet.
        let n_activities = if rng.chance(0.05) {
            0
        } else {
            rng.range(3, 7) as usize
        };
        let afirst = rng.range(0, ACTIVITIES.len() as i64 - 1) as usize;
        // The project's progress as plans computes it: completion weighted by months.
        let (mut weighted, mut months) = (0i64, 0i64);
        for a in 0..n_activities {
            let (aar, afr) = ACTIVITIES[(afirst + a * 5) % ACTIVITIES.len()];
            let activity = stable_id(code, "activity", p * 16 + a);
            let start = rng.range(0, 33);
            let end = (start + rng.range(0, 5)).min(35);
            let completion: i64 = if !implementing || start > last_event_month {
                0
            } else if end < last_event_month {
                if rng.chance(pace) {
                    100
                } else {
                    rng.range(0, 9) * 10
                }
            } else {
                // Under way: at least a first step recorded, in its latest month.
                let share = (last_event_month - start + 1) as f64 / (end - start + 1) as f64;
                ((pace * share * 10.0).round() as i64 * 10).clamp(10, 90)
            };
            weighted += completion * (end - start + 1);
            months += end - start + 1;
            let _ = writeln!(
                b.activities,
                "{tenant},{activity},{project},{a},\"{aar}\",\"{afr}\",{},{},{completion}",
                month(start),
                month(end)
            );
            // The history: one to three steps up to today's value, within the activity's months.
            if completion > 0 {
                let steps = rng.range(1, 3).min(completion / 10);
                let mut old = 0;
                let span_end = end.min(last_event_month);
                for s in 1..=steps {
                    let new = if s == steps {
                        completion
                    } else {
                        (completion * s / steps) / 10 * 10
                    };
                    let mon = start + (span_end - start) * s / steps;
                    // Later steps, later days: the history reads in order even within a month.
                    let day = rng.range(1, 9) + (s - 1) * 9;
                    let hour = rng.range(8, 17);
                    let note = NOTES[rng.range(0, NOTES.len() as i64 - 1) as usize];
                    let _ = write!(
                        b.events,
                        "{tenant},{},{project},{activity},{}-{:02} {hour:02}:{:02}:00+01,\"فريق برنامج الانفتاح\",{old},{new},",
                        stable_id(code, "event", (p * 16 + a) * 4 + s as usize),
                        month(mon).to_string().get(..7).unwrap_or_default(),
                        day,
                        rng.range(0, 59)
                    );
                    q(&mut b.events, (!note.is_empty()).then_some(note));
                    b.events.push('\n');
                    old = new;
                }
            }
        }
        // The co-monitoring committee's evaluations of this project, if it has one.
        if let Some(strictness) = committee.filter(|_| published && !draft) {
            let progress = if months > 0 {
                weighted as f64 / months as f64
            } else {
                0.0
            };
            for (i, (period, at)) in EVALUATION_PERIODS.iter().enumerate() {
                // The earlier half-year saw less done.
                let then = progress * (i + 1) as f64 / EVALUATION_PERIODS.len() as f64;
                let level = evaluation_level(&mut erng, then, strictness);
                let _ = writeln!(
                    b.evaluations,
                    "{tenant},{},{project},{period},{level},\"{}\",{},{at}",
                    stable_id(code, "evaluation", p * 4 + i),
                    JUSTIFICATIONS[erng.range(0, JUSTIFICATIONS.len() as i64 - 1) as usize],
                    stable_id(code, "committee", 0),
                );
            }
        }
    }
    if published {
        Given::Programme
    } else {
        Given::DraftProgramme
    }
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
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "select id, hcp_code from tenants
          where kind <> 'nation' and hcp_code is not null and disabled_at is null order by hcp_code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let started = Instant::now();
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
    report.generate_ms = started.elapsed().as_millis();

    let started = Instant::now();
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
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
        tx.execute(
            format!("create temp table {tmp} (like {like} including defaults) on commit drop")
                .as_str(),
        )
        .await?;
        let mut copy = tx
            .copy_in_raw(&format!("copy {tmp} ({cols}) from stdin (format csv)"))
            .await?;
        copy.send(data.as_bytes()).await?;
        copy.finish().await?;
        tx.execute(format!("create index on {tmp} (tenant_id); analyze {tmp}").as_str())
            .await?;
    }
    report.copy_ms = started.elapsed().as_millis();

    let started = Instant::now();
    // A superuser (the usual administrator) is not held by row-level
    // security: it loads everything in a few set-based statements. Any other
    // administrator acts as the owner, which forced RLS holds to one
    // collectivity at a time: it loads them in turn, server-side.
    let superuser: bool = !each
        && sqlx::query_scalar("select rolsuper from pg_roles where rolname = session_user")
            .fetch_one(&mut *tx)
            .await?;
    if superuser {
        tx.execute("reset role").await?;
        tx.execute(LOAD_SET_BASED.as_str()).await?;
    } else {
        tx.execute(LOAD_EACH.as_str()).await?;
    }
    // Fresh statistics, so that the national reads plan well at once.
    tx.execute(
        "analyze programmes, programme_stages, projects, project_items, project_pillars, activities, progress_events, evaluations,
                 national_programmes, national_projects, national_pillars, national_open_activities, national_months, content_versions",
    )
    .await?;
    let created: i64 = sqlx::query_scalar("select count(*) from synth_created")
        .fetch_one(&mut *tx)
        .await?;
    let (projects, activities, events, evaluations): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from synth_projects p join synth_created c using (tenant_id)),
                (select count(*) from synth_activities a join synth_created c using (tenant_id)),
                (select count(*) from synth_events e join synth_created c using (tenant_id)),
                (select count(*) from synth_evaluations e join synth_created c using (tenant_id))",
    )
    .fetch_one(&mut *tx)
    .await?;
    if superuser {
        tx.execute(format!("set role {}", infitah_platform::migrate::OWNER).as_str())
            .await?;
    }
    tx.commit().await?;
    report.load_ms = started.elapsed().as_millis();
    report.created = created as usize;
    report.skipped = written.saturating_sub(created as usize);
    report.projects = projects as usize;
    report.activities = activities as usize;
    report.progress_events = events as usize;
    report.evaluations = evaluations as usize;
    Ok(report)
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
