//! The demo's action programmes, written by `infitah demo`.
//!
//! The platform replaces a page on which the Commune of Kénitra shows one
//! openness project (`seed/kenitra-programme-card.txt`): that project is
//! reproduced here field by field, its Arabic texts verbatim — typos, missing
//! hamzas and run-together words included — with a French translation of each.
//! The other demo communes get a programme drawn from a pool of realistic
//! open-government projects, picked and scheduled deterministically from the
//! commune's slug, so that every status a page must show (done, late, in
//! progress, not started, draft) exists, with the progress history behind it.
//!
//! Idempotent: a commune that already has a programme is left alone, so
//! running the demo twice changes nothing.

use std::fmt;

use infitah_platform::{
    content,
    db::{Db, TenantTx},
    types::TenantId,
};
use time::{
    Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time,
    macros::{date, offset},
};
use uuid::Uuid;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Communes whose programme was created by this run.
    pub created: usize,
    /// Communes that already had a programme (left untouched).
    pub skipped: usize,
    pub projects: usize,
    pub activities: usize,
    pub progress_events: usize,
    pub evaluations: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo programmes: {} created, {} skipped (already there); {} projects, {} activities, {} progress events, {} evaluations written",
            self.created,
            self.skipped,
            self.projects,
            self.activities,
            self.progress_events,
            self.evaluations
        )
    }
}

/// Seeds the programme of each commune that has none yet, one tenant
/// transaction per commune. `communes` are (id, slug); the slug picks the
/// content ("kenitra" gets the card of the page we replace).
pub async fn seed(db: &Db, communes: &[(TenantId, &str)]) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for (id, slug) in communes {
        let mut tx = db.tenant_tx(*id).await?;
        let exists =
            sqlx::query_scalar!(r#"select exists (select 1 from programmes) as "exists!""#)
                .fetch_one(tx.conn())
                .await?;
        if exists {
            tx.rollback().await?;
            report.skipped += 1;
            continue;
        }
        let names = sqlx::query!("select name_ar, name_fr from tenants where id = $1", id.0)
            .fetch_one(tx.conn())
            .await?;
        let plan = if *slug == "kenitra" {
            kenitra()
        } else {
            generic(slug, &names.name_ar, &names.name_fr)
        };
        write(&mut tx, &plan, &mut report)
            .await
            .map_err(|e| anyhow::anyhow!("demo programme of {slug}: {e}"))?;
        // Kénitra's card predates co-monitoring; the others' committees have evaluated.
        if *slug != "kenitra" {
            report.evaluations += evaluate(&mut tx, slug)
                .await
                .map_err(|e| anyhow::anyhow!("demo evaluations of {slug}: {e}"))?;
        }
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.created += 1;
    }
    Ok(report)
}

/// The co-monitoring committee's evaluations of a demo programme: its
/// published projects for the two half-years before the demo's date, a
/// little below what the commune reports (as committees tend to find), one
/// project with "no evidence". Written like `evaluation::record` does.
async fn evaluate(tx: &mut TenantTx, slug: &str) -> Result<usize, sqlx::Error> {
    const WHY: &[&str] = &[
        "عاينت اللجنة محاضر الاجتماعات والوثائق المنشورة — Le comité a vérifié les procès-verbaux et les documents publiés",
        "الإنجاز على أرض الواقع أقل مما هو مصرح به — La réalisation sur le terrain est en deçà de ce qui est déclaré",
        "لم تُقدَّم أي وثيقة تثبت الإنجاز — Aucun document prouvant la réalisation n'a été fourni",
    ];
    let tenant = tx.tenant().0;
    let projects =
        sqlx::query!("select project_id, progress from national_projects order by project_id")
            .fetch_all(tx.conn())
            .await?;
    let committee = Uuid::now_v7();
    let mut rng = Rng::new(fnv1a(slug) ^ 0x636f_6d69_7465);
    let mut written = 0;
    for (i, p) in projects.iter().enumerate() {
        for (half, (period, month)) in [("2025-H2", Month::January), ("2026-H1", Month::July)]
            .into_iter()
            .enumerate()
        {
            let seen = p.progress as i64 * (half as i64 + 1) / 2 - rng.below(25) as i64;
            let (level, why) = match seen {
                _ if i == 1 => ("no_evidence", WHY[2]),
                s if s < 5 => ("not_started", WHY[1]),
                s if s < 50 => ("limited", WHY[1]),
                s if s < 88 => ("substantial", WHY[0]),
                _ => ("complete", WHY[0]),
            };
            let recorded_at = at(
                Date::from_calendar_date(2026, month, 20).expect("a date"),
                10,
                0,
            );
            sqlx::query!(
                "insert into evaluations (tenant_id, id, project_id, period, level, justification, recorded_by, recorded_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8)",
                tenant,
                Uuid::now_v7(),
                p.project_id,
                period,
                level,
                why,
                committee,
                recorded_at
            )
            .execute(tx.conn())
            .await?;
            written += 1;
        }
    }
    Ok(written)
}

// ---------------------------------------------------------------------------
// A programme as it will be written.

/// (Arabic, French)
type Text = (&'static str, &'static str);

struct ProgrammePlan {
    title_ar: String,
    title_fr: String,
    stages: Vec<StagePlan>,
    projects: Vec<ProjectPlan>,
}

struct StagePlan {
    stage: &'static str,
    planned_start: Option<Date>,
    planned_end: Option<Date>,
    actual_start: Option<Date>,
    actual_end: Option<Date>,
}

struct ProjectPlan {
    title: Text,
    published: bool,
    published_at: Option<OffsetDateTime>,
    problem_category: &'static str,
    problems: &'static [Text],
    solutions: &'static [Text],
    pillars: &'static [&'static str],
    /// None: not stated (the card's "///").
    budget_mad: Option<i64>,
    outcomes: &'static [&'static str],
    results: &'static [Text],
    indicators: Vec<IndicatorPlan>,
    activities: Vec<ActivityPlan>,
}

struct IndicatorPlan {
    name: Text,
    unit: Option<&'static str>,
    baseline: Option<f64>,
    target: Option<f64>,
    measurements: Vec<(Date, f64, Option<&'static str>)>,
}

struct ActivityPlan {
    title: Text,
    start: Date,
    end: Date,
    completion: i16,
    events: Vec<EventPlan>,
}

struct EventPlan {
    at: OffsetDateTime,
    actor: &'static str,
    old: i16,
    new: i16,
    note: Option<&'static str>,
    evidence_url: Option<String>,
}

async fn write(
    tx: &mut TenantTx,
    plan: &ProgrammePlan,
    report: &mut SeedReport,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant().0;
    let programme_id = Uuid::now_v7();
    sqlx::query!(
        "insert into programmes (tenant_id, id, period_start, period_end, title_ar, title_fr, published)
         values ($1, $2, $3, $4, $5, $6, true)",
        tenant,
        programme_id,
        2024i16,
        2026i16,
        plan.title_ar,
        plan.title_fr
    )
    .execute(tx.conn())
    .await?;
    for s in &plan.stages {
        sqlx::query!(
            "insert into programme_stages
                 (tenant_id, programme_id, stage, planned_start, planned_end, actual_start, actual_end)
             values ($1, $2, $3, $4, $5, $6, $7)",
            tenant,
            programme_id,
            s.stage,
            s.planned_start,
            s.planned_end,
            s.actual_start,
            s.actual_end
        )
        .execute(tx.conn())
        .await?;
    }
    for (position, p) in plan.projects.iter().enumerate() {
        let project_id = Uuid::now_v7();
        sqlx::query!(
            "insert into projects
                 (tenant_id, id, programme_id, position, title_ar, title_fr, published, published_at,
                  problem_category, budget_stated, budget_mad)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ($11::int8)::numeric)",
            tenant,
            project_id,
            programme_id,
            position as i32,
            p.title.0,
            p.title.1,
            p.published,
            p.published_at,
            p.problem_category,
            p.budget_mad.is_some(),
            p.budget_mad
        )
        .execute(tx.conn())
        .await?;
        report.projects += 1;
        for (kind, list) in [
            ("problem", p.problems),
            ("solution", p.solutions),
            ("result", p.results),
        ] {
            for (i, (ar, fr)) in list.iter().enumerate() {
                sqlx::query!(
                    "insert into project_items (tenant_id, id, project_id, kind, position, text_ar, text_fr)
                     values ($1, $2, $3, $4, $5, $6, $7)",
                    tenant,
                    Uuid::now_v7(),
                    project_id,
                    kind,
                    i as i32,
                    *ar,
                    *fr
                )
                .execute(tx.conn())
                .await?;
            }
        }
        for pillar in p.pillars {
            sqlx::query!(
                "insert into project_pillars (tenant_id, project_id, pillar) values ($1, $2, $3)",
                tenant,
                project_id,
                *pillar
            )
            .execute(tx.conn())
            .await?;
        }
        for outcome in p.outcomes {
            sqlx::query!(
                "insert into project_outcomes (tenant_id, project_id, outcome) values ($1, $2, $3)",
                tenant,
                project_id,
                *outcome
            )
            .execute(tx.conn())
            .await?;
        }
        for (i, ind) in p.indicators.iter().enumerate() {
            let indicator_id = Uuid::now_v7();
            sqlx::query!(
                "insert into indicators (tenant_id, id, project_id, position, name_ar, name_fr, unit, baseline, target)
                 values ($1, $2, $3, $4, $5, $6, $7, ($8::float8)::numeric, ($9::float8)::numeric)",
                tenant,
                indicator_id,
                project_id,
                i as i32,
                ind.name.0,
                ind.name.1,
                ind.unit,
                ind.baseline,
                ind.target
            )
            .execute(tx.conn())
            .await?;
            for (on, value, note) in &ind.measurements {
                let recorded_at = at(*on, 12, 0);
                sqlx::query!(
                    "insert into indicator_measurements (tenant_id, id, indicator_id, measured_on, value, note, recorded_at)
                     values ($1, $2, $3, $4, ($5::float8)::numeric, $6, $7)",
                    tenant,
                    Uuid::now_v7(),
                    indicator_id,
                    *on,
                    *value,
                    *note,
                    recorded_at
                )
                .execute(tx.conn())
                .await?;
            }
        }
        for (i, a) in p.activities.iter().enumerate() {
            let activity_id = Uuid::now_v7();
            sqlx::query!(
                "insert into activities (tenant_id, id, project_id, position, title_ar, title_fr, start_month, end_month, completion)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                tenant,
                activity_id,
                project_id,
                i as i32,
                a.title.0,
                a.title.1,
                a.start,
                a.end,
                a.completion
            )
            .execute(tx.conn())
            .await?;
            report.activities += 1;
            for e in &a.events {
                sqlx::query!(
                    "insert into progress_events
                         (tenant_id, id, project_id, activity_id, at, actor_name, old_value, new_value, note, evidence_url)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    tenant,
                    Uuid::now_v7(),
                    project_id,
                    activity_id,
                    e.at,
                    e.actor,
                    e.old,
                    e.new,
                    e.note,
                    e.evidence_url
                )
                .execute(tx.conn())
                .await?;
                report.progress_events += 1;
            }
        }
    }
    Ok(())
}

/// A moment on a day, Moroccan time (UTC+1).
fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    PrimitiveDateTime::new(day, Time::from_hms(hour, minute, 0).expect("valid time"))
        .assume_offset(offset!(+1))
}

// ---------------------------------------------------------------------------
// Kénitra: the card of the page we replace, verbatim.

const KENITRA_PROBLEMS: &[Text] = &[
    (
        "ضعف/غياب مشاركة الاطفال والشباب في تدبير الشأن المحلي",
        "Faiblesse, voire absence, de la participation des enfants et des jeunes à la gestion des affaires locales",
    ),
    (
        "ارتفاع منسوب الهشاشة في بعض الأحياء",
        "Niveau élevé de précarité dans certains quartiers",
    ),
    (
        "ضعف الثقة بين المواطن والجماعة",
        "Faible confiance entre le citoyen et la commune",
    ),
    (
        "عدم وجود مكتب للتواصل مع المواطن.",
        "Absence d'un bureau de communication avec le citoyen.",
    ),
    (
        "ضعف تواجد هيئات استشارية.",
        "Faible présence d'instances consultatives.",
    ),
    (
        "نقص التواصل بين السياسي والمواطن.",
        "Manque de communication entre les responsables politiques et le citoyen.",
    ),
    (
        "ضعف الثقة في السياسي.",
        "Faible confiance dans les responsables politiques.",
    ),
    (
        "محدودية المشاركة المواطنة على مستوى جماعة القنيطرة",
        "Participation citoyenne limitée au niveau de la Commune de Kénitra",
    ),
    (
        "ضعف انخراط المواطنين في آليات المشاركة المواطنة الموجودة",
        "Faible implication des citoyens dans les mécanismes de participation citoyenne existants",
    ),
    (
        "ضعف التواصل حول قضايا الشأن المحلي.",
        "Faible communication sur les questions d'intérêt local.",
    ),
    (
        "غياب الوعي الجماعي بالدور المنوط بالمواطن.",
        "Absence de conscience collective du rôle dévolu au citoyen.",
    ),
    (
        "غياب تفعيل آليات المشاركة المواطنة.",
        "Non-activation des mécanismes de participation citoyenne.",
    ),
    (
        "غياب احترام للمرافق العمومية من طرف المواطن.",
        "Manque de respect des équipements publics de la part du citoyen.",
    ),
    (
        "قلة معرفة المواطنين بآليات وصناعة القرار المحلي ومسؤوليات واختصاصات المؤسسات العامة.",
        "Méconnaissance, par les citoyens, des mécanismes et de la fabrique de la décision locale, ainsi que des responsabilités et des compétences des institutions publiques.",
    ),
    (
        "غياب مشاركة الشباب والاطفال في تدبير الشان المحلي ضعف تواجد هيئات استشارية اخرى",
        "Absence de participation des jeunes et des enfants à la gestion des affaires locales ; faible présence d'autres instances consultatives",
    ),
    (
        "محدودية المشاركة المواطنة على مستوى جماعة القنيطرة ضعف التواصل حول قضايا الشأن المحلي",
        "Participation citoyenne limitée au niveau de la Commune de Kénitra ; faible communication sur les questions d'intérêt local",
    ),
];

const KENITRA_SOLUTIONS: &[Text] = &[
    ("خلق مجلس محلي للشباب", "Créer un conseil local des jeunes"),
    ("خلق مجلس محلي للطفل", "Créer un conseil local de l'enfant"),
    (
        "خلق مجلس محلي للاشخاص في وضعية اعاقة",
        "Créer un conseil local des personnes en situation de handicap",
    ),
];

const KENITRA_RESULTS: &[Text] = &[
    (
        "تعزيز الثقة بين الجماعة والمواطنينوايجاد الحلول جعل المواطن شريكا في تحديد الاحتياجات",
        "Renforcer la confiance entre la commune et les citoyens et trouver des solutions ; faire du citoyen un partenaire dans l'identification des besoins",
    ),
    (
        "تعزيز دور المشاركة المواطنة تعزيز دور مشاركة الشباب من خلال تقديمهم للاراء الاستشارية والاقتراحات",
        "Renforcer le rôle de la participation citoyenne ; renforcer la participation des jeunes par leurs avis consultatifs et leurs propositions",
    ),
    (
        "اشراك المواطنين في صياغة القرار في مجال التدبير التشاركي",
        "Associer les citoyens à l'élaboration des décisions en matière de gestion participative",
    ),
];

/// (name, unit)
const KENITRA_INDICATORS: &[(Text, Option<&str>)] = &[
    (
        (
            "عدد الطلبات المقدمة عن كل مجلس محلي",
            "Nombre de demandes déposées pour chaque conseil local",
        ),
        None,
    ),
    (
        (
            "عدد طلبات الترشيحات المقدمة",
            "Nombre de candidatures déposées",
        ),
        None,
    ),
    (
        (
            "مشاركة مصلحة الديمقراطية التشاركية التابعة للجماعة من اجل المساهمة في اعداد نماذج للقوانين الاساسية والانظمة الداخلية مؤقتا",
            "Participation du service de la démocratie participative de la commune à l'élaboration de modèles provisoires de statuts et de règlements intérieurs",
        ),
        None,
    ),
    (
        (
            "نسبة التطوع في برامج المشاركة المواطنة",
            "Taux de volontariat dans les programmes de participation citoyenne",
        ),
        Some("%"),
    ),
    (
        (
            "نوعية وعدد الاراء المقترحة المقدمة من طرف المجالس التي سيتم احداثها",
            "Nature et nombre des avis proposés par les conseils qui seront créés",
        ),
        None,
    ),
    (
        (
            "عدد التوصيات التي سترفع للمجلس الجماعي والقرارات التي سيتخذها المجلس انسجاما مع هاته التوصيات",
            "Nombre de recommandations soumises au conseil communal et de décisions prises par le conseil conformément à ces recommandations",
        ),
        None,
    ),
];

const KENITRA_ACTIVITIES: &[Text] = &[
    ("خلق محلس محلي للشباب", "Créer un conseil local des jeunes"),
    ("خلق مجلس محلي للطفل", "Créer un conseil local de l'enfant"),
    (
        "خلق مجلس محلي للاشخاص في وضعية اعاقة",
        "Créer un conseil local des personnes en situation de handicap",
    ),
];

fn kenitra() -> ProgrammePlan {
    let stage = |stage, ps, pe, as_, ae| StagePlan {
        stage,
        planned_start: ps,
        planned_end: pe,
        actual_start: as_,
        actual_end: ae,
    };
    ProgrammePlan {
        title_ar: "برنامج عمل الانفتاح لجماعة القنيطرة 2024-2026".to_owned(),
        title_fr: "Programme d'action d'ouverture de la Commune de Kénitra 2024-2026".to_owned(),
        stages: vec![
            stage(
                "axes",
                Some(date!(2020 - 10 - 01)),
                Some(date!(2020 - 11 - 30)),
                Some(date!(2020 - 10 - 12)),
                Some(date!(2020 - 12 - 04)),
            ),
            stage(
                "workshops",
                Some(date!(2021 - 01 - 04)),
                Some(date!(2021 - 03 - 31)),
                Some(date!(2021 - 01 - 18)),
                Some(date!(2021 - 04 - 16)),
            ),
            // "La période de la consultation est achevée (mai 2021)".
            stage(
                "consultation",
                Some(date!(2021 - 05 - 01)),
                Some(date!(2021 - 05 - 31)),
                Some(date!(2021 - 05 - 03)),
                Some(date!(2021 - 05 - 31)),
            ),
            // The council's ordinary session of May.
            stage(
                "approval",
                Some(date!(2024 - 05 - 01)),
                Some(date!(2024 - 05 - 31)),
                Some(date!(2024 - 05 - 07)),
                Some(date!(2024 - 05 - 07)),
            ),
            stage(
                "implementation",
                Some(date!(2024 - 07 - 01)),
                Some(date!(2026 - 12 - 31)),
                Some(date!(2024 - 10 - 01)),
                None,
            ),
            stage(
                "monitoring",
                Some(date!(2025 - 01 - 01)),
                Some(date!(2026 - 12 - 31)),
                None,
                None,
            ),
        ],
        projects: vec![ProjectPlan {
            title: ("احداث هيئات استشارية", "Création d'instances consultatives"),
            published: true,
            published_at: Some(at(date!(2024 - 10 - 01), 9, 0)),
            problem_category: "participation",
            problems: KENITRA_PROBLEMS,
            solutions: KENITRA_SOLUTIONS,
            pillars: &["transparency", "participation"],
            budget_mad: None,
            outcomes: &["service_quality", "trust", "citizen_partner"],
            results: KENITRA_RESULTS,
            indicators: KENITRA_INDICATORS
                .iter()
                .map(|(name, unit)| IndicatorPlan {
                    name: *name,
                    unit: *unit,
                    baseline: None,
                    target: None,
                    measurements: vec![],
                })
                .collect(),
            activities: KENITRA_ACTIVITIES
                .iter()
                .map(|title| ActivityPlan {
                    title: *title,
                    start: date!(2024 - 10 - 01),
                    end: date!(2024 - 12 - 01),
                    completion: 0,
                    events: vec![],
                })
                .collect(),
        }],
    }
}

// ---------------------------------------------------------------------------
// The other communes: a pool of realistic projects.

struct Template {
    /// For evidence links.
    key: &'static str,
    title: Text,
    category: &'static str,
    problems: &'static [Text],
    solutions: &'static [Text],
    pillars: &'static [&'static str],
    budget_mad: Option<i64>,
    outcomes: &'static [&'static str],
    results: &'static [Text],
    /// (name, unit, baseline, target)
    indicators: &'static [(Text, Option<&'static str>, f64, f64)],
    activities: &'static [Text],
}

const TEMPLATES: &[Template] = &[
    Template {
        key: "budget-participatif",
        title: (
            "الميزانية التشاركية: مشاريع يقترحها السكان ويختارونها",
            "Budget participatif : des projets proposés et choisis par les habitants",
        ),
        category: "participation",
        problems: &[
            (
                "ضعف إشراك المواطنين في تحديد أولويات الاستثمار الجماعي",
                "Faible association des citoyens à la définition des priorités d'investissement de la commune",
            ),
            (
                "عدم وضوح معايير برمجة المشاريع المحلية بالنسبة للسكان",
                "Critères de programmation des projets locaux peu lisibles pour les habitants",
            ),
            (
                "تركز المشاريع في بعض الأحياء دون غيرها",
                "Concentration des projets dans certains quartiers au détriment des autres",
            ),
        ],
        solutions: &[
            (
                "تخصيص غلاف مالي سنوي لمشاريع يقترحها المواطنون",
                "Réserver chaque année une enveloppe aux projets proposés par les citoyens",
            ),
            (
                "تنظيم تصويت عمومي حضوري ورقمي لاختيار المشاريع",
                "Organiser un vote public, en présentiel et en ligne, pour choisir les projets",
            ),
            (
                "نشر تقرير سنوي عن إنجاز المشاريع المختارة",
                "Publier un rapport annuel sur la réalisation des projets retenus",
            ),
        ],
        pillars: &["transparency", "participation", "digitalisation"],
        budget_mad: Some(1_500_000),
        outcomes: &["trust", "citizen_partner"],
        results: &[(
            "مشاريع قرب منجزة انطلاقا من اقتراحات السكان",
            "Des projets de proximité réalisés à partir des propositions des habitants",
        )],
        indicators: &[
            (
                (
                    "عدد المقترحات المقدمة من طرف المواطنين",
                    "Nombre de propositions déposées par les citoyens",
                ),
                None,
                0.0,
                150.0,
            ),
            (
                ("عدد المشاركين في التصويت", "Nombre de participants au vote"),
                None,
                0.0,
                3000.0,
            ),
            (
                (
                    "نسبة المشاريع المختارة المنجزة",
                    "Part des projets retenus réalisés",
                ),
                Some("%"),
                0.0,
                80.0,
            ),
        ],
        activities: &[
            (
                "إعداد ميثاق الميزانية التشاركية والمصادقة عليه",
                "Rédaction et adoption de la charte du budget participatif",
            ),
            (
                "حملة تواصلية وتلقي المقترحات",
                "Campagne de communication et appel à propositions",
            ),
            (
                "الدراسة التقنية للمقترحات",
                "Étude technique des propositions",
            ),
            (
                "التصويت العمومي على المشاريع",
                "Vote public sur les projets",
            ),
            ("إنجاز المشاريع المختارة", "Réalisation des projets retenus"),
            (
                "تقييم الدورة الأولى مع المشاركين",
                "Évaluation de la première édition avec les participants",
            ),
        ],
    },
    Template {
        key: "donnees-ouvertes",
        title: (
            "بوابة المعطيات المفتوحة للجماعة",
            "Portail de données ouvertes de la commune",
        ),
        category: "access_to_information",
        problems: &[
            (
                "صعوبة الحصول على المعطيات الجماعية في صيغ قابلة لإعادة الاستعمال",
                "Données communales difficiles à obtenir dans des formats réutilisables",
            ),
            (
                "تشتت المعطيات بين المصالح وقلة تحيينها",
                "Données dispersées entre les services et rarement mises à jour",
            ),
            (
                "ضعف استثمار المعطيات من طرف الباحثين والمقاولات الناشئة",
                "Faible réutilisation des données par les chercheurs et les jeunes entreprises",
            ),
        ],
        solutions: &[
            (
                "جرد المعطيات المتوفرة لدى المصالح الجماعية",
                "Inventorier les données détenues par les services communaux",
            ),
            (
                "إطلاق بوابة للمعطيات المفتوحة بترخيص حر",
                "Lancer un portail de données ouvertes sous licence libre",
            ),
            (
                "تنظيم لقاءات مع مستعملي المعطيات",
                "Organiser des rencontres avec les réutilisateurs des données",
            ),
        ],
        pillars: &["transparency", "access_to_information", "digitalisation"],
        budget_mad: Some(450_000),
        outcomes: &["service_quality", "trust"],
        results: &[(
            "مجموعات بيانات جماعية منشورة ومحينة بانتظام",
            "Des jeux de données communaux publiés et régulièrement mis à jour",
        )],
        indicators: &[
            (
                (
                    "عدد مجموعات البيانات المنشورة",
                    "Nombre de jeux de données publiés",
                ),
                None,
                0.0,
                40.0,
            ),
            (
                ("عدد التحميلات الشهرية", "Nombre de téléchargements par mois"),
                None,
                0.0,
                1200.0,
            ),
        ],
        activities: &[
            (
                "جرد المعطيات وتصنيفها",
                "Inventaire et classement des données",
            ),
            (
                "اعتماد ترخيص الاستعمال ومعايير النشر",
                "Adoption de la licence et des normes de publication",
            ),
            (
                "تطوير البوابة وإطلاقها",
                "Développement et mise en ligne du portail",
            ),
            (
                "نشر الدفعة الأولى من البيانات",
                "Publication du premier lot de données",
            ),
            (
                "تنظيم هاكاثون حول المعطيات الجماعية",
                "Hackathon sur les données communales",
            ),
        ],
    },
    Template {
        key: "chikaya",
        title: (
            "منصة «شكاية» لتتبع شكايات المرتفقين",
            "Plateforme « chikaya » de suivi des réclamations des usagers",
        ),
        category: "public_services",
        problems: &[
            (
                "غياب قناة موحدة لتلقي شكايات المرتفقين",
                "Absence de canal unique pour recevoir les réclamations des usagers",
            ),
            (
                "طول آجال الرد على الشكايات وعدم إخبار أصحابها بمآلها",
                "Délais de réponse longs ; les plaignants ne sont pas informés des suites",
            ),
            (
                "انعدام إحصائيات حول طبيعة الشكايات",
                "Aucune statistique sur la nature des réclamations",
            ),
        ],
        solutions: &[
            (
                "إحداث منصة رقمية ورقم هاتفي لتلقي الشكايات",
                "Créer une plateforme en ligne et un numéro de téléphone pour les réclamations",
            ),
            (
                "تحديد آجال معالجة ملزمة لكل مصلحة",
                "Fixer des délais de traitement contraignants pour chaque service",
            ),
            (
                "نشر تقرير فصلي عن الشكايات ومآلها",
                "Publier un rapport trimestriel sur les réclamations et leurs suites",
            ),
        ],
        pillars: &["transparency", "participation", "digitalisation"],
        budget_mad: Some(300_000),
        outcomes: &["service_quality", "trust"],
        results: &[(
            "معالجة أسرع للشكايات وإخبار المرتفقين بمآلها",
            "Des réclamations traitées plus vite et des usagers informés des suites",
        )],
        indicators: &[
            (
                (
                    "متوسط أجل معالجة الشكاية (بالأيام)",
                    "Délai moyen de traitement d'une réclamation (en jours)",
                ),
                None,
                45.0,
                15.0,
            ),
            (
                (
                    "نسبة الشكايات المعالجة داخل الأجل",
                    "Part des réclamations traitées dans les délais",
                ),
                Some("%"),
                20.0,
                85.0,
            ),
        ],
        activities: &[
            (
                "تحديد مسار معالجة الشكايات داخل المصالح",
                "Cartographie du circuit de traitement des réclamations",
            ),
            (
                "تطوير المنصة وربطها بالمصالح",
                "Développement de la plateforme et raccordement des services",
            ),
            (
                "تكوين الموظفين المكلفين بالشكايات",
                "Formation des agents chargés des réclamations",
            ),
            (
                "إطلاق المنصة وحملة تعريفية",
                "Lancement de la plateforme et campagne d'information",
            ),
            (
                "نشر أول تقرير فصلي",
                "Publication du premier rapport trimestriel",
            ),
        ],
    },
    Template {
        key: "sessions-en-direct",
        title: (
            "البث المباشر لدورات المجلس الجماعي",
            "Retransmission en direct des sessions du conseil communal",
        ),
        category: "transparency",
        problems: &[
            (
                "ضعف حضور المواطنين لدورات المجلس رغم علنيتها",
                "Faible présence du public aux sessions du conseil, pourtant publiques",
            ),
            (
                "تأخر نشر جداول الأعمال والمقررات",
                "Ordres du jour et délibérations publiés tardivement",
            ),
        ],
        solutions: &[
            (
                "بث الدورات مباشرة على الموقع الإلكتروني وشبكات التواصل الاجتماعي",
                "Diffuser les sessions en direct sur le site et les réseaux sociaux",
            ),
            (
                "نشر جدول الأعمال قبل كل دورة والمقررات بعدها",
                "Publier l'ordre du jour avant chaque session et les délibérations après",
            ),
            (
                "أرشفة التسجيلات وإتاحتها للعموم",
                "Archiver les enregistrements et les mettre à la disposition du public",
            ),
        ],
        pillars: &["transparency", "access_to_information", "digitalisation"],
        budget_mad: Some(180_000),
        outcomes: &["trust"],
        results: &[(
            "دورات المجلس في متناول كل المواطنين مباشرة وفي الأرشيف",
            "Des sessions du conseil accessibles à tous, en direct et en archive",
        )],
        indicators: &[
            (
                (
                    "نسبة الدورات المبثوثة مباشرة",
                    "Part des sessions retransmises en direct",
                ),
                Some("%"),
                0.0,
                100.0,
            ),
            (
                (
                    "متوسط عدد المشاهدات لكل دورة",
                    "Nombre moyen de vues par session",
                ),
                None,
                0.0,
                5000.0,
            ),
            (
                (
                    "أجل نشر المقررات بعد الدورة (بالأيام)",
                    "Délai de publication des délibérations après la session (en jours)",
                ),
                None,
                30.0,
                7.0,
            ),
        ],
        activities: &[
            (
                "اقتناء معدات التصوير والبث",
                "Acquisition du matériel de captation et de diffusion",
            ),
            ("تجهيز قاعة الدورات", "Aménagement de la salle des sessions"),
            (
                "بث تجريبي لدورة عادية",
                "Retransmission pilote d'une session ordinaire",
            ),
            (
                "البث المنتظم ونشر الأرشيف",
                "Retransmission régulière et mise en ligne des archives",
            ),
        ],
    },
    Template {
        key: "conseil-des-jeunes",
        title: ("المجلس الجماعي للشباب", "Conseil communal des jeunes"),
        category: "participation",
        problems: &[
            (
                "عزوف الشباب عن الاهتمام بالشأن المحلي",
                "Désintérêt des jeunes pour les affaires locales",
            ),
            (
                "غياب فضاء منظم للتشاور مع الشباب",
                "Absence d'un espace structuré de concertation avec les jeunes",
            ),
            (
                "محدودية أخذ حاجيات الشباب بعين الاعتبار في برامج الجماعة",
                "Besoins des jeunes peu pris en compte dans les programmes de la commune",
            ),
        ],
        solutions: &[
            (
                "إحداث مجلس جماعي للشباب يضم ممثلي الجمعيات والمؤسسات التعليمية",
                "Créer un conseil communal des jeunes réunissant des représentants des associations et des établissements scolaires",
            ),
            (
                "إشراك المجلس في دراسة البرامج الموجهة للشباب",
                "Associer le conseil à l'examen des programmes destinés aux jeunes",
            ),
        ],
        pillars: &["participation"],
        budget_mad: None,
        outcomes: &["trust", "citizen_partner"],
        results: &[(
            "آراء استشارية للشباب ترفع إلى المجلس الجماعي",
            "Des avis consultatifs des jeunes transmis au conseil communal",
        )],
        indicators: &[
            (
                (
                    "عدد أعضاء المجلس النشيطين",
                    "Nombre de membres actifs du conseil",
                ),
                None,
                0.0,
                35.0,
            ),
            (
                (
                    "عدد الآراء الاستشارية المرفوعة إلى المجلس الجماعي",
                    "Nombre d'avis consultatifs transmis au conseil communal",
                ),
                None,
                0.0,
                6.0,
            ),
        ],
        activities: &[
            (
                "إعداد النظام الداخلي للمجلس",
                "Rédaction du règlement intérieur du conseil",
            ),
            (
                "فتح باب الترشيحات واختيار الأعضاء",
                "Appel à candidatures et désignation des membres",
            ),
            (
                "تنصيب المجلس وتكوين أعضائه",
                "Installation du conseil et formation de ses membres",
            ),
            (
                "عقد الدورات الأولى ورفع الآراء",
                "Premières sessions et transmission des avis",
            ),
        ],
    },
    Template {
        key: "rendez-vous-etat-civil",
        title: (
            "المواعيد الرقمية لمكاتب الحالة المدنية",
            "Rendez-vous en ligne aux bureaux de l'état civil",
        ),
        category: "public_services",
        problems: &[
            (
                "طوابير طويلة أمام مكاتب الحالة المدنية",
                "Longues files d'attente aux bureaux de l'état civil",
            ),
            (
                "تنقل المرتفقين عدة مرات للحصول على وثيقة واحدة",
                "Usagers obligés de se déplacer plusieurs fois pour un seul document",
            ),
            (
                "عدم وضوح لائحة الوثائق المطلوبة لكل خدمة",
                "Liste des pièces à fournir peu claire pour chaque démarche",
            ),
        ],
        solutions: &[
            (
                "نظام لحجز المواعيد عبر الإنترنت والهاتف",
                "Un système de prise de rendez-vous en ligne et par téléphone",
            ),
            (
                "نشر دليل المساطر والوثائق المطلوبة",
                "Publier un guide des démarches et des pièces à fournir",
            ),
        ],
        pillars: &["access_to_information", "digitalisation"],
        budget_mad: Some(250_000),
        outcomes: &["service_quality"],
        results: &[(
            "تقليص مدة الانتظار في مكاتب الحالة المدنية",
            "Un temps d'attente réduit aux bureaux de l'état civil",
        )],
        indicators: &[
            (
                (
                    "متوسط مدة الانتظار (بالدقائق)",
                    "Temps d'attente moyen (en minutes)",
                ),
                None,
                90.0,
                20.0,
            ),
            (
                (
                    "نسبة المواعيد المحجوزة عبر الإنترنت",
                    "Part des rendez-vous pris en ligne",
                ),
                Some("%"),
                0.0,
                60.0,
            ),
        ],
        activities: &[
            (
                "دراسة توافد المرتفقين على المكاتب",
                "Étude de la fréquentation des bureaux",
            ),
            (
                "تطوير نظام حجز المواعيد",
                "Développement du système de rendez-vous",
            ),
            (
                "إعداد دليل المساطر ونشره",
                "Rédaction et publication du guide des démarches",
            ),
            (
                "تجربة النظام في مكتب نموذجي",
                "Expérimentation dans un bureau pilote",
            ),
            (
                "تعميم النظام على جميع المكاتب",
                "Généralisation à tous les bureaux",
            ),
        ],
    },
    Template {
        key: "budget-et-marches",
        title: (
            "نشر وثائق الميزانية والصفقات العمومية",
            "Publication des documents budgétaires et des marchés publics",
        ),
        category: "transparency",
        problems: &[
            (
                "صعوبة اطلاع المواطنين على الميزانية وأوجه صرفها",
                "Budget et exécution budgétaire difficiles d'accès pour les citoyens",
            ),
            (
                "نشر محدود لنتائج الصفقات العمومية",
                "Publication limitée des résultats des marchés publics",
            ),
            (
                "لغة تقنية يصعب على غير المتخصصين فهمها",
                "Des documents techniques difficiles à comprendre pour les non-spécialistes",
            ),
        ],
        solutions: &[
            (
                "نشر الميزانية والحساب الإداري على الموقع الإلكتروني",
                "Publier le budget et le compte administratif sur le site de la commune",
            ),
            (
                "إعداد ميزانية المواطن المبسطة",
                "Éditer un « budget citoyen » simplifié",
            ),
            (
                "نشر لائحة الصفقات ونتائجها بانتظام",
                "Publier régulièrement la liste des marchés et leurs attributaires",
            ),
        ],
        pillars: &["transparency", "access_to_information"],
        budget_mad: Some(120_000),
        outcomes: &["service_quality", "trust"],
        results: &[
            (
                "وثائق مالية منشورة ومفهومة من طرف العموم",
                "Des documents financiers publiés et compréhensibles par tous",
            ),
            (
                "رقابة مواطنة أفضل على المال العام",
                "Un meilleur contrôle citoyen des deniers publics",
            ),
        ],
        indicators: &[
            (
                (
                    "نسبة الوثائق المالية المنشورة داخل الأجل",
                    "Part des documents financiers publiés dans les délais",
                ),
                Some("%"),
                25.0,
                100.0,
            ),
            (
                (
                    "عدد زيارات صفحة الميزانية",
                    "Nombre de visites de la page budget",
                ),
                None,
                0.0,
                8000.0,
            ),
        ],
        activities: &[
            (
                "تحديد لائحة الوثائق الواجب نشرها",
                "Liste des documents à publier",
            ),
            ("إعداد ميزانية المواطن", "Élaboration du budget citoyen"),
            (
                "إحداث صفحة الميزانية والصفقات على الموقع",
                "Création de la page budget et marchés sur le site",
            ),
            (
                "تقديم الحساب الإداري في لقاء عمومي",
                "Présentation du compte administratif en réunion publique",
            ),
        ],
    },
    Template {
        key: "enquete-satisfaction",
        title: (
            "البحث السنوي حول رضا المرتفقين",
            "Enquête annuelle de satisfaction des usagers",
        ),
        category: "public_services",
        problems: &[
            (
                "غياب قياس منتظم لجودة الخدمات الجماعية",
                "Aucune mesure régulière de la qualité des services communaux",
            ),
            (
                "عدم إشراك المرتفقين في تقييم الخدمات",
                "Usagers non associés à l'évaluation des services",
            ),
        ],
        solutions: &[
            (
                "إنجاز بحث سنوي حول الرضا وفق منهجية منشورة",
                "Réaliser chaque année une enquête de satisfaction selon une méthode publiée",
            ),
            (
                "نشر النتائج وخطة التحسين",
                "Publier les résultats et le plan d'amélioration",
            ),
        ],
        pillars: &["transparency", "participation"],
        budget_mad: Some(200_000),
        outcomes: &["service_quality", "citizen_partner"],
        results: &[(
            "خطة لتحسين الخدمات مبنية على آراء المرتفقين",
            "Un plan d'amélioration des services fondé sur l'avis des usagers",
        )],
        indicators: &[
            (
                ("نسبة المرتفقين الراضين", "Part des usagers satisfaits"),
                Some("%"),
                48.0,
                70.0,
            ),
            (
                ("عدد المستجوبين", "Nombre de personnes interrogées"),
                None,
                0.0,
                1500.0,
            ),
        ],
        activities: &[
            (
                "إعداد الاستمارة واختيار العينة",
                "Conception du questionnaire et de l'échantillon",
            ),
            (
                "إنجاز البحث الميداني والرقمي",
                "Enquête de terrain et en ligne",
            ),
            (
                "تحليل النتائج ونشرها",
                "Analyse et publication des résultats",
            ),
            (
                "المصادقة على خطة التحسين وتتبعها",
                "Adoption et suivi du plan d'amélioration",
            ),
        ],
    },
    Template {
        key: "comites-de-quartier",
        title: (
            "لجان الأحياء للتشاور والتتبع",
            "Comités de quartier pour la concertation et le suivi",
        ),
        category: "participation",
        problems: &[
            (
                "بعد الإدارة الجماعية عن انشغالات الأحياء",
                "Une administration communale éloignée des préoccupations des quartiers",
            ),
            (
                "غياب تتبع محلي لأشغال القرب",
                "Aucun suivi de proximité des travaux dans les quartiers",
            ),
            (
                "ضعف التنسيق بين جمعيات الأحياء والجماعة",
                "Faible coordination entre les associations de quartier et la commune",
            ),
        ],
        solutions: &[
            (
                "إحداث لجان أحياء تضم السكان والجمعيات",
                "Créer des comités de quartier réunissant habitants et associations",
            ),
            (
                "عقد لقاءات فصلية بين اللجان والمنتخبين",
                "Tenir des réunions trimestrielles entre les comités et les élus",
            ),
            (
                "إشراك اللجان في تتبع أشغال القرب",
                "Associer les comités au suivi des travaux de proximité",
            ),
        ],
        pillars: &["transparency", "participation"],
        budget_mad: None,
        outcomes: &["service_quality", "trust", "citizen_partner"],
        results: &[(
            "قنوات منتظمة للحوار بين السكان والجماعة",
            "Des canaux de dialogue réguliers entre les habitants et la commune",
        )],
        indicators: &[
            (
                (
                    "عدد لجان الأحياء المحدثة",
                    "Nombre de comités de quartier créés",
                ),
                None,
                0.0,
                12.0,
            ),
            (
                ("عدد اللقاءات المنعقدة", "Nombre de réunions tenues"),
                None,
                0.0,
                48.0,
            ),
            (
                (
                    "نسبة المقترحات التي تلقت جوابا",
                    "Part des propositions ayant reçu une réponse",
                ),
                Some("%"),
                0.0,
                75.0,
            ),
        ],
        activities: &[
            (
                "تقسيم المدينة إلى مناطق للتشاور",
                "Découpage de la ville en secteurs de concertation",
            ),
            (
                "إعداد ميثاق لجان الأحياء",
                "Rédaction de la charte des comités",
            ),
            ("تشكيل اللجان", "Constitution des comités"),
            (
                "اللقاءات الفصلية مع المنتخبين",
                "Réunions trimestrielles avec les élus",
            ),
            (
                "تقييم التجربة بعد سنة",
                "Évaluation de l'expérience après un an",
            ),
        ],
    },
    Template {
        key: "accessibilite",
        title: (
            "ولوجيات مقر الجماعة والملحقات الإدارية",
            "Accessibilité de l'hôtel de ville et des annexes administratives",
        ),
        category: "public_services",
        problems: &[
            (
                "صعوبة ولوج الأشخاص في وضعية إعاقة إلى المرافق الجماعية",
                "Des équipements communaux difficilement accessibles aux personnes en situation de handicap",
            ),
            ("غياب لوحات إرشادية ملائمة", "Une signalétique inadaptée"),
            (
                "عدم توفر الوثائق بصيغ ميسرة",
                "Aucun document en format accessible",
            ),
        ],
        solutions: &[
            (
                "تهيئة الممرات والمداخل والمرافق الصحية",
                "Aménager les rampes, les entrées et les sanitaires",
            ),
            (
                "وضع لوحات إرشادية بالعربية والأمازيغية والفرنسية وبطريقة برايل",
                "Installer une signalétique en arabe, en amazighe, en français et en braille",
            ),
            (
                "تكوين موظفي الاستقبال على استقبال الأشخاص في وضعية إعاقة",
                "Former les agents d'accueil à l'accueil des personnes en situation de handicap",
            ),
        ],
        pillars: &["access_to_information", "participation"],
        budget_mad: Some(900_000),
        outcomes: &["service_quality"],
        results: &[(
            "مرافق جماعية مفتوحة في وجه الجميع",
            "Des équipements communaux ouverts à toutes et à tous",
        )],
        indicators: &[
            (
                ("نسبة المرافق المهيأة", "Part des équipements aménagés"),
                Some("%"),
                10.0,
                100.0,
            ),
            (
                ("عدد الموظفين المكونين", "Nombre d'agents formés"),
                None,
                0.0,
                60.0,
            ),
        ],
        activities: &[
            (
                "تشخيص الولوجيات مع جمعيات الأشخاص في وضعية إعاقة",
                "Diagnostic d'accessibilité avec les associations de personnes en situation de handicap",
            ),
            ("إعداد الدراسات التقنية", "Études techniques"),
            (
                "إنجاز أشغال التهيئة بمقر الجماعة",
                "Travaux d'aménagement de l'hôtel de ville",
            ),
            (
                "تهيئة الملحقات الإدارية",
                "Aménagement des annexes administratives",
            ),
            ("تكوين موظفي الاستقبال", "Formation des agents d'accueil"),
        ],
    },
    Template {
        key: "acces-information",
        title: (
            "مكتب الاستقبال والحق في الحصول على المعلومات",
            "Bureau d'accueil et d'accès à l'information",
        ),
        category: "access_to_information",
        problems: &[
            (
                "ضعف تفعيل القانون رقم 31.13 المتعلق بالحق في الحصول على المعلومات",
                "Mise en œuvre insuffisante de la loi n° 31-13 relative au droit d'accès à l'information",
            ),
            (
                "عدم معرفة المواطنين بالمصلحة المختصة بطلباتهم",
                "Des citoyens qui ne savent pas à quel service s'adresser",
            ),
            (
                "غياب سجل لطلبات المعلومات وآجال الرد عليها",
                "Aucun registre des demandes d'information ni des délais de réponse",
            ),
        ],
        solutions: &[
            (
                "إحداث مكتب للاستقبال والتوجيه بمقر الجماعة",
                "Ouvrir un bureau d'accueil et d'orientation à l'hôtel de ville",
            ),
            (
                "تعيين الشخص المكلف بتلقي طلبات الحصول على المعلومات",
                "Désigner la personne chargée des demandes d'accès à l'information",
            ),
            (
                "النشر الاستباقي للمعلومات على الموقع الإلكتروني",
                "Publier l'information de manière proactive sur le site",
            ),
        ],
        pillars: &["transparency", "access_to_information"],
        budget_mad: Some(150_000),
        outcomes: &["service_quality", "trust"],
        results: &[(
            "طلبات المعلومات تعالج داخل الآجال القانونية",
            "Des demandes d'information traitées dans les délais légaux",
        )],
        indicators: &[
            (
                (
                    "عدد طلبات الحصول على المعلومات المتوصل بها",
                    "Nombre de demandes d'accès à l'information reçues",
                ),
                None,
                0.0,
                200.0,
            ),
            (
                (
                    "نسبة الطلبات المجاب عنها داخل أجل 20 يوما",
                    "Part des demandes traitées sous 20 jours",
                ),
                Some("%"),
                30.0,
                90.0,
            ),
        ],
        activities: &[
            ("تهيئة فضاء الاستقبال", "Aménagement de l'espace d'accueil"),
            (
                "تعيين الأشخاص المكلفين وتكوينهم",
                "Désignation et formation des personnes chargées",
            ),
            (
                "إحداث سجل الطلبات ونشر المسطرة",
                "Création du registre des demandes et publication de la procédure",
            ),
            (
                "النشر الاستباقي للمعلومات",
                "Publication proactive des informations",
            ),
        ],
    },
    Template {
        key: "forum-des-femmes",
        title: (
            "منتدى مشاركة النساء في الشأن المحلي",
            "Forum de la participation des femmes à la vie locale",
        ),
        category: "participation",
        problems: &[
            (
                "ضعف تمثيلية النساء في آليات التشاور",
                "Faible représentation des femmes dans les instances de concertation",
            ),
            (
                "محدودية إدماج مقاربة النوع في البرامج الجماعية",
                "Une approche genre peu intégrée aux programmes communaux",
            ),
            (
                "ضعف تفعيل هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
                "Une instance de l'équité, de l'égalité des chances et de l'approche genre peu active",
            ),
        ],
        solutions: &[
            (
                "تنظيم منتدى سنوي للنساء بشراكة مع الجمعيات",
                "Organiser un forum annuel des femmes en partenariat avec les associations",
            ),
            (
                "دعم أشغال هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
                "Soutenir les travaux de l'instance de l'équité, de l'égalité des chances et de l'approche genre",
            ),
        ],
        pillars: &["participation"],
        budget_mad: Some(100_000),
        outcomes: &["citizen_partner"],
        results: &[
            (
                "توصيات النساء مدمجة في برنامج عمل الجماعة",
                "Des recommandations des femmes intégrées au programme d'action de la commune",
            ),
            (
                "مشاركة أكبر للنساء في التشاور العمومي",
                "Une plus forte participation des femmes aux consultations publiques",
            ),
        ],
        indicators: &[
            (
                (
                    "نسبة النساء ضمن المشاركين في التشاور",
                    "Part des femmes parmi les participants aux consultations",
                ),
                Some("%"),
                22.0,
                45.0,
            ),
            (
                (
                    "عدد التوصيات المعتمدة",
                    "Nombre de recommandations retenues",
                ),
                None,
                0.0,
                15.0,
            ),
        ],
        activities: &[
            (
                "تشخيص تشاركي مع الجمعيات النسائية",
                "Diagnostic participatif avec les associations de femmes",
            ),
            ("تنظيم الدورة الأولى للمنتدى", "Première édition du forum"),
            (
                "رفع التوصيات إلى المجلس وتتبعها",
                "Transmission des recommandations au conseil et suivi",
            ),
            ("تنظيم الدورة الثانية للمنتدى", "Deuxième édition du forum"),
        ],
    },
];

/// Where a demo project stands today (2026-11-29).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Done,
    Late,
    InProgress,
    NotStarted,
}

/// A project of a commune's demo programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pick {
    template: usize,
    scenario: Scenario,
    published: bool,
}

/// The projects of a commune, from its slug alone: 4 to 8 distinct
/// templates; at least one done, one late and one in progress among the
/// published ones; one draft, not started.
fn pick(slug: &str) -> Vec<Pick> {
    let mut rng = Rng::new(fnv1a(slug));
    let count = 4 + rng.below(5) as usize;
    let mut templates: Vec<usize> = (0..TEMPLATES.len()).collect();
    rng.shuffle(&mut templates);
    let mut scenarios = vec![Scenario::Done, Scenario::Late, Scenario::InProgress];
    const MORE: [Scenario; 4] = [
        Scenario::InProgress,
        Scenario::Done,
        Scenario::Late,
        Scenario::NotStarted,
    ];
    let offset = rng.below(4) as usize;
    while scenarios.len() < count - 1 {
        scenarios.push(MORE[(offset + scenarios.len()) % MORE.len()]);
    }
    rng.shuffle(&mut scenarios);
    let mut picks: Vec<Pick> = scenarios
        .into_iter()
        .zip(&templates)
        .map(|(scenario, t)| Pick {
            template: *t,
            scenario,
            published: true,
        })
        .collect();
    let draft_at = rng.below(count as u64) as usize;
    picks.insert(
        draft_at,
        Pick {
            template: templates[count - 1],
            scenario: Scenario::NotStarted,
            published: false,
        },
    );
    picks
}

/// Months counted from January 2024 (0) to December 2026 (35).
const TODAY_MONTH: i32 = 34; // November 2026
const TODAY: Date = date!(2026 - 11 - 29);

fn month(m: i32) -> Date {
    let (y, mo) = (2024 + m.div_euclid(12), m.rem_euclid(12) as u8 + 1);
    Date::from_calendar_date(y, Month::try_from(mo).expect("a month"), 1).expect("a date")
}

fn last_day(m: i32) -> Date {
    month(m + 1).previous_day().expect("a date")
}

/// The activities' (start month, end month, completion) for a scenario.
fn schedule(scenario: Scenario, n: usize, rng: &mut Rng) -> Vec<(i32, i32, i16)> {
    let n32 = n as i32;
    if scenario == Scenario::NotStarted {
        // Everything starts around now and ends no earlier than this month.
        return (0..n32)
            .map(|i| {
                let start = 33 + i * 3 / n32;
                (start, (start + 1).clamp(TODAY_MONTH, 35), 0)
            })
            .collect();
    }
    let (a, b) = match scenario {
        Scenario::Done => {
            let a = rng.below(6) as i32;
            (a, a + 14 + rng.below(8) as i32)
        }
        _ => (4 + rng.below(10) as i32, 35),
    };
    let len = b - a + 1;
    let mut spans: Vec<(i32, i32, i16)> = (0..n32)
        .map(|i| {
            let start = a + i * len / n32;
            let mut end = a + (i + 1) * len / n32 - 1;
            if i + 1 < n32 && rng.below(2) == 0 {
                end += 1; // overlaps the next one by a month
            }
            (start, end.clamp(start, b), 0)
        })
        .collect();
    for s in &mut spans {
        s.2 = match scenario {
            Scenario::Done => 100,
            _ if s.1 < TODAY_MONTH => 100,
            _ if s.0 > TODAY_MONTH => 0,
            _ => 10 * (2 + rng.below(6) as i16),
        };
    }
    if scenario == Scenario::Late
        && let Some(s) = spans.iter_mut().rev().find(|s| s.1 < TODAY_MONTH)
    {
        s.2 = 10 * (3 + rng.below(6) as i16);
    }
    spans
}

const TEAM_AR: &str = "فريق الجماعة";
const TEAM_FR: &str = "Équipe communale";

/// (Arabic, French) notes of progress updates.
const NOTE_START: Text = ("انطلاق النشاط", "Lancement de l'activité");
const NOTE_PROGRESS: Text = (
    "تقدم الأشغال وفق الجدولة المقررة",
    "Avancement conforme au calendrier prévu",
);
const NOTE_DONE: Text = (
    "اكتمال النشاط ونشر الحصيلة",
    "Activité achevée, bilan publié",
);
const NOTE_DELAY: Text = (
    "تأخر في الإنجاز: المسطرة الإدارية في طور الاستكمال",
    "Retard : procédure administrative en cours de finalisation",
);

/// The updates that brought an activity to its completion, dated inside its span.
fn history(
    slug: &str,
    key: &str,
    index: usize,
    (start, end, completion): (i32, i32, i16),
    late: bool,
    rng: &mut Rng,
) -> Vec<EventPlan> {
    if completion == 0 {
        return vec![];
    }
    let steps: Vec<i16> = if completion == 100 {
        match rng.below(4) {
            0 => vec![40, 100],
            1 => vec![30, 70, 100],
            2 => vec![25, 60, 85, 100],
            _ => vec![50, 100],
        }
    } else {
        let half = completion / 20 * 10;
        if half > 0 && half < completion && rng.below(3) > 0 {
            vec![half, completion]
        } else {
            vec![completion]
        }
    };
    let first = month(start);
    let last = last_day(end).min(TODAY - Duration::days(2));
    let days = (last - first).whole_days().max(1);
    let mut old = 0;
    steps
        .iter()
        .enumerate()
        .map(|(k, &new)| {
            let day = first + Duration::days(days * (k as i64 + 1) / (steps.len() as i64 + 1));
            let arabic = rng.below(2) == 0;
            let note = if new == 100 {
                Some(NOTE_DONE)
            } else if late && k + 1 == steps.len() {
                Some(NOTE_DELAY)
            } else if k == 0 {
                Some(NOTE_START)
            } else if rng.below(3) > 0 {
                Some(NOTE_PROGRESS)
            } else {
                None
            };
            let evidence_url = (new == 100 && rng.below(2) == 0)
                .then(|| format!("https://www.{slug}.ma/actualites/{key}-{}", index + 1));
            let e = EventPlan {
                at: at(day, 9 + rng.below(8) as u8, (rng.below(4) * 15) as u8),
                actor: if arabic { TEAM_AR } else { TEAM_FR },
                old,
                new,
                note: note.map(|(ar, fr)| if arabic { ar } else { fr }),
                evidence_url,
            };
            old = new;
            e
        })
        .collect()
}

fn generic(slug: &str, name_ar: &str, name_fr: &str) -> ProgrammePlan {
    let seed = fnv1a(slug);
    let mut rng = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    let shift = |rng: &mut Rng, d: Date, max: u64| d + Duration::days(rng.below(max) as i64);
    let approval = shift(&mut rng, date!(2023 - 10 - 02), 10);
    let stage = |stage, ps, pe, as_, ae| StagePlan {
        stage,
        planned_start: Some(ps),
        planned_end: Some(pe),
        actual_start: as_,
        actual_end: ae,
    };
    let axes_start = shift(&mut rng, date!(2023 - 03 - 01), 10);
    let workshops_start = shift(&mut rng, date!(2023 - 04 - 17), 10);
    let consultation_start = shift(&mut rng, date!(2023 - 09 - 01), 7);
    let monitoring_started = !seed.is_multiple_of(3);
    let stages = vec![
        stage(
            "axes",
            date!(2023 - 03 - 01),
            date!(2023 - 03 - 31),
            Some(axes_start),
            Some(shift(&mut rng, date!(2023 - 04 - 03), 10)),
        ),
        stage(
            "workshops",
            date!(2023 - 04 - 15),
            date!(2023 - 06 - 15),
            Some(workshops_start),
            Some(shift(&mut rng, date!(2023 - 06 - 19), 12)),
        ),
        stage(
            "consultation",
            date!(2023 - 09 - 01),
            date!(2023 - 09 - 30),
            Some(consultation_start),
            Some(consultation_start + Duration::days(28)),
        ),
        // The council's ordinary session of October.
        stage(
            "approval",
            date!(2023 - 10 - 01),
            date!(2023 - 10 - 31),
            Some(approval),
            Some(approval),
        ),
        stage(
            "implementation",
            date!(2024 - 01 - 01),
            date!(2026 - 12 - 31),
            Some(date!(2024 - 01 - 02)),
            None,
        ),
        stage(
            "monitoring",
            date!(2024 - 07 - 01),
            date!(2026 - 12 - 31),
            monitoring_started.then(|| shift(&mut rng, date!(2024 - 07 - 01), 20)),
            None,
        ),
    ];
    let projects = pick(slug)
        .into_iter()
        .enumerate()
        .map(|(position, p)| {
            let t = &TEMPLATES[p.template];
            let mut rng = Rng::new(seed.wrapping_add(position as u64 * 7919));
            let spans = schedule(p.scenario, t.activities.len(), &mut rng);
            let first = spans.iter().map(|s| s.0).min().unwrap_or(0);
            let last = spans.iter().map(|s| s.1).max().unwrap_or(0);
            let activities = t
                .activities
                .iter()
                .zip(&spans)
                .enumerate()
                .map(|(i, (title, span))| ActivityPlan {
                    title: *title,
                    start: month(span.0),
                    end: month(span.1),
                    completion: span.2,
                    events: history(
                        slug,
                        t.key,
                        i,
                        *span,
                        span.1 < TODAY_MONTH && span.2 < 100,
                        &mut rng,
                    ),
                })
                .collect();
            let indicators = t
                .indicators
                .iter()
                .map(|(name, unit, baseline, target)| {
                    let value = |share: f64| {
                        let v = baseline + (target - baseline) * share;
                        if baseline.fract() == 0.0 && target.fract() == 0.0 {
                            v.round()
                        } else {
                            (v * 10.0).round() / 10.0
                        }
                    };
                    let note = match rng.below(3) {
                        0 => Some("حسب سجلات المصلحة المعنية"),
                        1 => Some("Source : registres du service"),
                        _ => None,
                    };
                    let measurements = match p.scenario {
                        Scenario::NotStarted => vec![],
                        Scenario::Done => vec![
                            (last_day((first + last) / 2), value(0.5), None),
                            (
                                last_day(last),
                                value(0.85 + rng.below(16) as f64 / 100.0),
                                note,
                            ),
                        ],
                        Scenario::Late | Scenario::InProgress => vec![(
                            last_day(if first < 29 { 29 } else { 33 }),
                            value(0.2 + rng.below(40) as f64 / 100.0),
                            note,
                        )],
                    };
                    IndicatorPlan {
                        name: *name,
                        unit: *unit,
                        baseline: Some(*baseline),
                        target: Some(*target),
                        measurements,
                    }
                })
                .collect();
            ProjectPlan {
                title: t.title,
                published: p.published,
                published_at: p
                    .published
                    .then(|| at(approval + Duration::days(14), 10, 0)),
                problem_category: t.category,
                problems: t.problems,
                solutions: t.solutions,
                pillars: t.pillars,
                // The amount differs a little from one commune to the next,
                // rounded to 5 000 dirhams.
                budget_mad: t
                    .budget_mad
                    .map(|b| b * (90 + ((seed >> 8) % 21) as i64) / 100 / 5_000 * 5_000),
                outcomes: t.outcomes,
                results: t.results,
                indicators,
                activities,
            }
        })
        .collect();
    ProgrammePlan {
        title_ar: format!("برنامج عمل الانفتاح لجماعة {name_ar} 2024-2026"),
        title_fr: format!(
            "Programme d'action d'ouverture de la Commune {} 2024-2026",
            of_fr(name_fr)
        ),
        stages,
        projects,
    }
}

/// "de Fès", "d'Agadir", "d'Oujda".
fn of_fr(name: &str) -> String {
    let elides = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÂÉÈÊÎÔaeiouyâéèêîô".contains(c));
    if elides {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

// ---------------------------------------------------------------------------
// Determinism without randomness: a fixed hash and a fixed generator.

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Status, project_status};

    const SLUGS: &[&str] = &[
        "rabat",
        "tanger",
        "fes",
        "marrakech",
        "agadir",
        "oujda",
        "sale",
        "casablanca",
        "a",
        "tiznit",
    ];

    fn status(scenario: Scenario, n: usize, seed: u64) -> Status {
        let spans: Vec<Span> = schedule(scenario, n, &mut Rng::new(seed))
            .into_iter()
            .map(|(s, e, c)| Span {
                start: month(s),
                end: month(e),
                completion: c,
            })
            .collect();
        project_status(&spans, TODAY)
    }

    #[test]
    fn picks_are_deterministic_and_complete() {
        for slug in SLUGS {
            let picks = pick(slug);
            assert_eq!(picks, pick(slug), "{slug}");
            assert!((4..=8).contains(&picks.len()), "{slug}: {}", picks.len());
            let mut templates: Vec<usize> = picks.iter().map(|p| p.template).collect();
            templates.sort();
            templates.dedup();
            assert_eq!(templates.len(), picks.len(), "{slug}: a template twice");
            let drafts: Vec<&Pick> = picks.iter().filter(|p| !p.published).collect();
            assert_eq!(drafts.len(), 1, "{slug}");
            assert_eq!(drafts[0].scenario, Scenario::NotStarted);
            for s in [Scenario::Done, Scenario::Late, Scenario::InProgress] {
                assert!(
                    picks.iter().any(|p| p.published && p.scenario == s),
                    "{slug}: no {s:?}"
                );
            }
        }
        // The demo communes do not all get the same number of projects.
        let mut sizes: Vec<usize> = SLUGS[..6].iter().map(|s| pick(s).len()).collect();
        sizes.dedup();
        assert!(sizes.len() > 1);
    }

    #[test]
    fn schedules_show_what_they_claim() {
        for seed in 0..200 {
            for n in 3..=6 {
                for (scenario, want) in [
                    (Scenario::Done, Status::Done),
                    (Scenario::Late, Status::Late),
                    (Scenario::InProgress, Status::InProgress),
                    (Scenario::NotStarted, Status::NotStarted),
                ] {
                    assert_eq!(
                        status(scenario, n, seed),
                        want,
                        "{scenario:?} n={n} seed={seed}"
                    );
                    for (s, e, _) in schedule(scenario, n, &mut Rng::new(seed)) {
                        assert!((0..=35).contains(&s) && s <= e && e <= 35);
                    }
                }
            }
        }
    }

    #[test]
    fn history_ends_at_the_completion_inside_the_span() {
        let mut rng = Rng::new(7);
        for span in [(3, 8, 100), (20, 35, 40), (10, 30, 60), (30, 35, 0)] {
            let events = history("rabat", "x", 0, span, span.1 < TODAY_MONTH, &mut rng);
            assert_eq!(events.last().map_or(0, |e| e.new), span.2);
            let mut old = 0;
            for e in &events {
                assert_eq!(e.old, old);
                assert!(e.new > e.old);
                old = e.new;
                let day = e.at.date();
                assert!(day >= month(span.0) && day <= last_day(span.1) && day < TODAY);
            }
        }
    }

    #[test]
    fn kenitra_is_the_card() {
        let plan = kenitra();
        let p = &plan.projects[0];
        assert_eq!(p.problems.len(), 16);
        assert_eq!(p.solutions.len(), 3);
        assert_eq!(p.results.len(), 3);
        assert_eq!(p.indicators.len(), 6);
        assert_eq!(p.activities.len(), 3);
        assert_eq!(p.budget_mad, None);
        for (ar, fr) in p.problems.iter().chain(p.solutions).chain(p.results) {
            assert_eq!(ar.trim(), *ar);
            assert!(!ar.contains('\u{f0fc}') && !ar.contains('•'));
            assert!(!fr.is_empty());
        }
        // The two indicator lines of the card, split at their natural boundaries.
        let names: Vec<&str> = p.indicators.iter().map(|i| i.name.0).collect();
        assert_eq!(
            names[..3].join(" "),
            "عدد الطلبات المقدمة عن كل مجلس محلي عدد طلبات الترشيحات المقدمة مشاركة مصلحة الديمقراطية التشاركية التابعة للجماعة من اجل المساهمة في اعداد نماذج للقوانين الاساسية والانظمة الداخلية مؤقتا"
        );
        assert_eq!(
            names[3..].join(" "),
            "نسبة التطوع في برامج المشاركة المواطنة نوعية وعدد الاراء المقترحة المقدمة من طرف المجالس التي سيتم احداثها عدد التوصيات التي سترفع للمجلس الجماعي والقرارات التي سيتخذها المجلس انسجاما مع هاته التوصيات"
        );
    }

    #[test]
    fn french_elides_before_a_vowel() {
        assert_eq!(of_fr("Agadir"), "d'Agadir");
        assert_eq!(of_fr("Oujda"), "d'Oujda");
        assert_eq!(of_fr("Fès"), "de Fès");
    }

    #[test]
    fn templates_fit_the_schema() {
        for t in TEMPLATES {
            assert!((2..=4).contains(&t.problems.len()), "{}", t.key);
            assert!((2..=3).contains(&t.solutions.len()), "{}", t.key);
            assert!((1..=3).contains(&t.outcomes.len()), "{}", t.key);
            assert!((1..=2).contains(&t.results.len()), "{}", t.key);
            assert!((2..=3).contains(&t.indicators.len()), "{}", t.key);
            assert!((3..=6).contains(&t.activities.len()), "{}", t.key);
            for (_, unit, _, _) in t.indicators {
                assert!(unit.is_none_or(|u| u.chars().count() <= 40));
            }
        }
    }
}
