//! The demo's ideas and workshops, written by `infitah demo` after the
//! programmes and the consultations ([`crate::consultations`]).
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
//! Idempotent: a commune that already has ideas (or workshops) is left alone.

use std::fmt;

use infitah_identity::repo as accounts;
use infitah_platform::{
    content,
    db::{Db, TenantTx},
    i18n::Lang,
};
use time::Duration;
use uuid::Uuid;

use infitah_consultation::workshop_repo::{self, WorkshopFields};

use crate::{Commune, consultations::first_published};

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

/// (axis, profile, age bracket, title, body, days ago)
type DemoIdea = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
);

const IDEAS: &[DemoIdea] = &[
    (
        "transparency",
        "citizen",
        "35_44",
        "نشر ملخص مبسط لميزانية الجماعة كل سنة",
        "أقترح أن تنشر الجماعة كل سنة ملخصًا مبسطًا لميزانيتها بالعربية والفرنسية، مع رسوم بيانية توضح أين تُصرف الأموال حسب الأحياء والقطاعات، وأن يُعلَّق في مقر الجماعة والملحقات الإدارية.",
        58,
    ),
    (
        "access_to_information",
        "association",
        "45_59",
        "Un point d'information dans chaque arrondissement",
        "Beaucoup d'habitants ne savent pas où demander un document administratif ni quels papiers apporter. Un point d'information dans chaque annexe, avec les horaires affichés, la liste des pièces par démarche et un numéro unique, éviterait des allers-retours.",
        51,
    ),
    (
        "participation",
        "citizen",
        "18_24",
        "مجلس محلي للشباب يجتمع كل ثلاثة أشهر",
        "نقترح إحداث مجلس للشباب يضم ممثلين عن الأحياء والجمعيات، يجتمع مرة كل ثلاثة أشهر مع المكتب المسير، ويقدم رأيه في المشاريع التي تخص الرياضة والثقافة والتشغيل.",
        44,
    ),
    (
        "digitalisation",
        "private_sector",
        "25_34",
        "Suivre sa demande d'autorisation en ligne",
        "Donner un numéro de dossier à chaque demande d'autorisation (commerce, construction) et une page où suivre son état, avec la date de chaque étape. Cela éviterait de se déplacer pour demander où en est le dossier.",
        37,
    ),
    (
        "participation",
        "association",
        "35_44",
        "إشراك الجمعيات في تتبع إنجاز المشاريع",
        "إحداث لجنة تتبع تضم ممثلين عن جمعيات الأحياء، تطلع كل ستة أشهر على نسبة إنجاز المشاريع وتنشر ملاحظاتها على هذه المنصة.",
        30,
    ),
    (
        "transparency",
        "elected",
        "60_plus",
        "Publier les procès-verbaux des sessions du conseil",
        "Les procès-verbaux des sessions du conseil et les résultats des votes devraient être publiés en ligne dans le mois qui suit chaque session, en arabe et en français.",
        23,
    ),
];

/// Demo citizens (the consultations' own, found by address, or created).
async fn citizens(tx: &mut TenantTx, slug: &str, n: usize) -> anyhow::Result<Vec<Uuid>> {
    const NAMES: &[(&str, Lang)] = &[
        ("فاطمة الزهراء ب.", Lang::Ar),
        ("Youssef El Amrani", Lang::Fr),
        ("خديجة العلوي", Lang::Ar),
        ("Karim Bennani", Lang::Fr),
        ("سعيد الإدريسي", Lang::Ar),
        ("Salma Tazi", Lang::Fr),
    ];
    let mut ids = vec![];
    for (i, (name, lang)) in NAMES.iter().take(n).enumerate() {
        let email = format!("citoyen{}.demo@{slug}.example", i + 1);
        let id = match accounts::create(tx, &email, name, None, *lang, true).await? {
            Some(id) => id,
            None => {
                accounts::find_by_email(tx, &email)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo account {email} vanished"))?
                    .id
            }
        };
        accounts::mark_verified(tx, id).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Seeds the ideas of the demo communes among `communes` that have none.
pub async fn ideas_demo(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<DemoReport> {
    let mut report = DemoReport::default();
    for c in communes.iter().filter(|c| COMMUNES.contains(&c.slug)) {
        let slug = c.slug;
        let mut tx = db.tenant_tx(c.id).await?;
        let exists = !infitah_consultation::ideas_repo::list_all(&mut tx, c.time_zone)
            .await?
            .is_empty();
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
        let tenant = tx.tenant().0;
        for (i, (axis, profile, age, title, body, days)) in IDEAS.iter().enumerate() {
            let (status, project_id) = match (i, project) {
                (2, Some(p)) => ("merged", Some(p)),
                (4, Some(p)) => ("accepted", Some(p)),
                (0, _) => ("accepted", None),
                _ => ("submitted", None),
            };
            sqlx::query!(
                "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body,
                                    status, project_id, created_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now() - make_interval(days => $12::int))",
                tenant,
                Uuid::now_v7(),
                programme.id,
                axis,
                people[i % people.len()],
                profile,
                age,
                title,
                body,
                status,
                project_id,
                *days as i32
            )
            .execute(tx.conn())
            .await?;
            report.ideas += 1;
        }
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.communes += 1;
    }
    Ok(report)
}

/// (profile, age bracket, text) of contributions written down at a consultative workshop.
const PAPER: &[(&str, &str, &str)] = &[
    (
        "citizen",
        "25_34",
        "نطالب بنشر الجدولة الزمنية للمشروع في لوحة بمقر الملحقة الإدارية.",
    ),
    (
        "citizen",
        "35_44",
        "Prévoir des réunions le samedi pour que les personnes qui travaillent puissent venir.",
    ),
    (
        "citizen",
        "45_59",
        "تحسين الإنارة العمومية في الأزقة المؤدية إلى المدرسة.",
    ),
    (
        "citizen",
        "18_24",
        "Un espace jeunes avec une connexion internet dans le quartier.",
    ),
    (
        "citizen",
        "25_34",
        "إشراك سكان الحي في اختيار مكان الحديقة الجديدة.",
    ),
    (
        "citizen",
        "60_plus",
        "Des bancs et de l'ombre sur le chemin du souk.",
    ),
    (
        "citizen",
        "35_44",
        "تبسيط المساطر الإدارية ونشر لائحة الوثائق المطلوبة لكل خدمة.",
    ),
    (
        "citizen",
        "45_59",
        "Informer par SMS des coupures d'eau et des travaux.",
    ),
    (
        "association",
        "35_44",
        "نقترح اتفاقية شراكة مع جمعيات الحي لتتبع المشروع.",
    ),
    (
        "association",
        "45_59",
        "Associer les associations de parents d'élèves au comité de suivi.",
    ),
    (
        "association",
        "25_34",
        "تخصيص قاعة بدار الشباب لاجتماعات الجمعيات مجانًا.",
    ),
    (
        "association",
        "35_44",
        "Publier le budget de chaque activité du projet.",
    ),
    (
        "association",
        "60_plus",
        "تنظيم لقاء سنوي لتقييم المشروع مع الساكنة.",
    ),
    (
        "citizen",
        "25_34",
        "Un numéro unique pour les réclamations, avec un suivi.",
    ),
    ("citizen", "18_24", "تنظيم حملات نظافة بمشاركة التلاميذ."),
    (
        "elected",
        "45_59",
        "Présenter l'avancement du projet à chaque session du conseil.",
    ),
    (
        "private_sector",
        "35_44",
        "إشراك المقاولات الصغيرة المحلية في صفقات الصيانة.",
    ),
    (
        "citizen",
        "35_44",
        "Rendre le site de la commune lisible sur téléphone.",
    ),
    (
        "citizen",
        "45_59",
        "توفير ولوجيات للأشخاص في وضعية إعاقة في مقر الجماعة.",
    ),
    (
        "other",
        "25_34",
        "Afficher les horaires des services à l'entrée de la mairie.",
    ),
    ("citizen", "under_18", "ملعب قرب صغير للأطفال في الحي."),
    (
        "association",
        "45_59",
        "Un rapport d'étape public tous les six mois.",
    ),
];

/// Attendance of the consultative workshop: (gender, age bracket, attendees).
const ATTENDANCE: &[(&str, &str, i32)] = &[
    ("female", "18_24", 6),
    ("female", "25_34", 9),
    ("female", "35_44", 7),
    ("female", "45_59", 5),
    ("female", "60_plus", 2),
    ("male", "under_18", 1),
    ("male", "18_24", 4),
    ("male", "25_34", 8),
    ("male", "35_44", 10),
    ("male", "45_59", 6),
    ("male", "60_plus", 3),
];

const PREP_ATTENDANCE: &[(&str, &str, i32)] = &[
    ("female", "18_24", 4),
    ("female", "25_34", 7),
    ("female", "35_44", 6),
    ("female", "45_59", 3),
    ("male", "18_24", 5),
    ("male", "25_34", 6),
    ("male", "35_44", 8),
    ("male", "45_59", 4),
    ("male", "60_plus", 2),
];

const PREP_MINUTES_AR: &str = "انعقدت ورشة الإعداد المشترك بحضور ممثلين عن الجمعيات والساكنة وموظفي الجماعة.\n\nعُرضت المحاور الأربعة للبرنامج: الشفافية والمساءلة، الولوج إلى المعلومة، المشاركة المواطنة، الرقمنة.\n\nاشتغل المشاركون في أربع مجموعات، وخرجت كل مجموعة بثلاث أولويات. أهم ما تم الاتفاق عليه: نشر المعلومات المتعلقة بالميزانية بشكل مبسط، وإحداث هيئات استشارية للشباب والأطفال، وتبسيط الولوج إلى الخدمات عبر الإنترنت.\n\nستُنشر الأفكار المقترحة على هذه المنصة، ويمكن لكل مواطن(ة) إضافة أفكاره إلى غاية نهاية مرحلة الإعداد المشترك.";

const CONSULT_MINUTES_FR: &str = "Atelier consultatif sur le projet de programme, animé par le service de la démocratie participative.\n\nPrésentation du projet et de son planning, puis échanges en petits groupes. Les contributions écrites sur les fiches ont été saisies sur la plateforme et comptent avec les commentaires en ligne.\n\nPoints saillants : calendrier et budget de chaque activité à publier ; réunions le samedi ; participation des associations de quartier au suivi ; accessibilité des locaux.";

/// A demo workshop with its attendance, written as staff write one.
async fn workshop(
    tx: &mut TenantTx,
    programme: Uuid,
    fields: WorkshopFields,
    attendance: &[(&str, &str, i32)],
) -> anyhow::Result<Uuid> {
    let id = workshop_repo::create(tx, programme, &fields).await?;
    let cells: Vec<(String, String, i32)> = attendance
        .iter()
        .map(|(g, a, n)| (g.to_string(), a.to_string(), *n))
        .collect();
    workshop_repo::set_attendance(tx, id, &cells).await?;
    Ok(id)
}

/// Seeds the workshops of the demo communes among `communes` that have none.
pub async fn workshops_demo(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<DemoReport> {
    let mut report = DemoReport::default();
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
        if slug == "kenitra" {
            workshop(
                &mut tx,
                programme.id,
                WorkshopFields {
                    kind: "co_preparation".into(),
                    consultation_id: None,
                    title_ar: Some("ورشة الإعداد المشترك لبرنامج عمل الانفتاح".into()),
                    title_fr: Some(
                        "Atelier de co-élaboration du programme d'action d'ouverture".into(),
                    ),
                    held_on: time::macros::date!(2021 - 03 - 20),
                    place: format!("قاعة الاجتماعات، مقر جماعة {name}"),
                    minutes: PREP_MINUTES_AR.into(),
                },
                PREP_ATTENDANCE,
            )
            .await?;
            report.workshops += 1;
        } else {
            workshop(
                &mut tx,
                programme.id,
                WorkshopFields {
                    kind: "co_preparation".into(),
                    consultation_id: None,
                    title_ar: Some("ورشة الإعداد المشترك: تحديد المحاور والأولويات".into()),
                    title_fr: Some("Atelier de co-élaboration : axes et priorités".into()),
                    held_on: today - Duration::days(75),
                    place: format!("دار الشباب، جماعة {name}"),
                    minutes: PREP_MINUTES_AR.into(),
                },
                PREP_ATTENDANCE,
            )
            .await?;
            report.workshops += 1;
            // The consultative workshop feeds the project's consultation, while it is open.
            let consultation = infitah_consultation::repo::all_consultations(&mut tx, tz)
                .await?
                .into_iter()
                .filter(|c| c.project_id.is_some())
                .max_by_key(|c| c.opens_at);
            if let Some(c) = consultation {
                let held_on = (c.opens_local.date() + Duration::days(4)).min(today);
                let w = workshop(
                    &mut tx,
                    programme.id,
                    WorkshopFields {
                        kind: "consultative".into(),
                        consultation_id: Some(c.id),
                        title_ar: Some("ورشة تشاورية حول المشروع".into()),
                        title_fr: Some("Atelier consultatif sur le projet".into()),
                        held_on,
                        place: format!("الملحقة الإدارية، جماعة {name}"),
                        minutes: CONSULT_MINUTES_FR.into(),
                    },
                    ATTENDANCE,
                )
                .await?;
                report.workshops += 1;
                let tenant = tx.tenant().0;
                for (profile, age, body) in PAPER {
                    sqlx::query!(
                        "insert into comments (tenant_id, id, consultation_id, workshop_id, profile, age_bracket, body, created_at)
                         values ($1, $2, $3, $4, $5, $6, $7, ($8::date + time '12:00') at time zone $9)",
                        tenant,
                        Uuid::now_v7(),
                        c.id,
                        w,
                        profile,
                        age,
                        body,
                        held_on,
                        tz
                    )
                    .execute(tx.conn())
                    .await?;
                    report.paper += 1;
                }
            }
        }
        content::bump(&mut tx).await?;
        tx.commit().await?;
        report.communes += 1;
    }
    Ok(report)
}
