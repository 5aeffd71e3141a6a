//! The demo's consultations, written by `infitah demo` after the programmes
//! ([`crate::programmes`]). Kénitra's project احداث هيئات استشارية gets the
//! consultation its card shows: ended in May 2021 ("La période de la
//! consultation est achevée (mai 2021)"), with no comment ("Nombre de
//! commentaires 0"). Other demo communes get an open consultation on their
//! draft programme and one on a project, with comments in Arabic and
//! French, replies and an official answer, so that the pages look like a
//! consultation people took part in; two get a consultation that ended.
//!
//! Idempotent: a commune that already has a consultation is left alone.

use std::fmt;

use infitah_identity::repo as accounts;
use infitah_platform::texts::Bilingual;
use infitah_platform::{
    content,
    db::{Db, TenantTx},
    i18n::Lang,
};
use time::{Duration, PrimitiveDateTime, Time, macros::datetime};
use uuid::Uuid;

use infitah_consultation::{
    model::LocalDateTime,
    repo::{self, ConsultationFields},
};

use crate::Commune;

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

/// Demo citizens: (display name, language).
const CITIZENS: &[(&str, Lang)] = &[
    ("فاطمة الزهراء ب.", Lang::Ar),
    ("Youssef El Amrani", Lang::Fr),
    ("خديجة العلوي", Lang::Ar),
    ("Karim Bennani", Lang::Fr),
    ("سعيد الإدريسي", Lang::Ar),
    ("Salma Tazi", Lang::Fr),
    ("عبد الرحيم", Lang::Ar),
    ("Nadia Ouazzani", Lang::Fr),
];

/// (author index, profile, age bracket, days after opening, text, reply to (index in the list))
type DemoComment = (
    usize,
    &'static str,
    &'static str,
    i64,
    &'static str,
    Option<usize>,
);

const PROGRAMME_COMMENTS: &[DemoComment] = &[
    (
        0,
        "citizen",
        "25_34",
        1,
        "أقترح نشر محاضر دورات المجلس الجماعي على الموقع داخل أجل أسبوع، مع ملخص مبسط حتى يفهمها الجميع.",
        None,
    ),
    (
        1,
        "association",
        "35_44",
        2,
        "Notre association de quartier salue la démarche. Nous proposons que les ateliers de co-élaboration se tiennent aussi le samedi matin, pour que les personnes qui travaillent puissent y participer.",
        None,
    ),
    (
        2,
        "citizen",
        "18_24",
        3,
        "بصفتي طالبة، أتمنى أن يتضمن البرنامج فضاءات رقمية مفتوحة للشباب في الأحياء، وتكوينات في استعمال الخدمات الإدارية عبر الإنترنت.",
        None,
    ),
    (
        3,
        "administration",
        "35_44",
        4,
        "Bonne idée. Mettre les procès-verbaux en ligne avec un résumé éviterait bien des déplacements au bureau d'ordre.",
        Some(0),
    ),
    (
        4,
        "private_sector",
        "45_59",
        5,
        "من المفيد نشر الآجال المتوسطة لمعالجة رخص التعمير، مصلحة بمصلحة، وتحيينها كل ثلاثة أشهر.",
        None,
    ),
    (
        6,
        "association",
        "25_34",
        6,
        "نتفق معك، ويمكن لجمعيات الأحياء أن تساهم في تأطير هذه التكوينات.",
        Some(2),
    ),
    (
        5,
        "other",
        "60_plus",
        8,
        "Pensez aux personnes âgées qui n'utilisent pas Internet : un guichet d'accueil et d'orientation dans chaque arrondissement serait précieux.",
        None,
    ),
];

const PROJECT_COMMENTS: &[DemoComment] = &[
    (
        6,
        "citizen",
        "35_44",
        1,
        "مشروع مهم. أتمنى أن يتم إشراك سكان الأحياء المعنية منذ البداية وأن تُنشر مراحل التنفيذ بانتظام.",
        None,
    ),
    (
        7,
        "citizen",
        "25_34",
        2,
        "Pouvez-vous préciser le calendrier et le budget prévus ? Un point d'étape public tous les trois mois serait bienvenu.",
        None,
    ),
    (
        2,
        "association",
        "45_59",
        3,
        "نقترح تخصيص لقاء تواصلي مع جمعيات المجتمع المدني قبل انطلاق الأنشطة لتحديد الأولويات.",
        None,
    ),
    (
        4,
        "other",
        "18_24",
        4,
        "أضم صوتي إلى هذا الطلب، فالمعلومة حول الميزانية تعزز الثقة.",
        Some(1),
    ),
];

/// (index of the comment answered, answer, days after that comment)
const PROGRAMME_ANSWER: (usize, &str, i64) = (
    1,
    "Merci pour cette proposition. Deux ateliers seront programmés le samedi matin lors de la prochaine étape ; les dates seront annoncées sur cette page.",
    2,
);
const PROJECT_ANSWER: (usize, &str, i64) = (
    1,
    "شكرا على سؤالكم. الجدولة الزمنية منشورة في مخطط الأنشطة أعلاه، ويتم تحيين نسبة الإنجاز عند كل مرحلة مع سجلها الكامل.",
    1,
);

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

/// The demo citizens of a commune, verified, without a password (nobody signs in as them).
async fn citizens(tx: &mut TenantTx, slug: &str) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = vec![];
    for (i, (name, lang)) in CITIZENS.iter().enumerate() {
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

async fn service_account(tx: &mut TenantTx, slug: &str) -> anyhow::Result<Uuid> {
    let email = format!("democratie-participative.demo@{slug}.example");
    Ok(
        match accounts::create(
            tx,
            &email,
            "مصلحة الديمقراطية التشاركية",
            None,
            Lang::Ar,
            true,
        )
        .await?
        {
            Some(id) => id,
            None => {
                accounts::find_by_email(tx, &email)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo account {email} vanished"))?
                    .id
            }
        },
    )
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
    let people = citizens(tx, slug).await?;
    let service = service_account(tx, slug).await?;
    if !ended {
        let c = repo::create_consultation(
            tx,
            programme,
            &ConsultationFields {
                project_id: None,
                title: Bilingual::new(
                    Some("التشاور العمومي حول مشروع برنامج عمل الانفتاح".into()),
                    Some("Consultation publique sur le projet de programme d'action d'ouverture".into()),
                ),
                description: Bilingual::new(
                    Some("تدعوكم الجماعة إلى إبداء آرائكم ومقترحاتكم حول مشروع برنامج عمل الانفتاح قبل عرضه على المجلس للمصادقة. كل تعليق يُقرأ، ويُجاب عن الأسئلة باسم الجماعة.".into()),
                    Some("La commune vous invite à donner votre avis sur le projet de programme d'action d'ouverture avant son adoption par le conseil. Chaque commentaire est lu ; les questions reçoivent une réponse au nom de la commune.".into()),
                ),
                opens: local(at(-12, 9, 0)),
                closes: local(at(40, 23, 59)),
            },
            tz,
            Some(service),
        )
        .await?;
        report.consultations += 1;
        let thread = Thread {
            consultation: c,
            tz,
            opened: at(-12, 9, 0),
            people: &people,
            service,
        };
        comments(tx, &thread, PROGRAMME_COMMENTS, PROGRAMME_ANSWER, report).await?;
    }
    let project = first_published(tx, programme).await?;
    if let Some(project) = project {
        let (opens, closes) = if ended {
            (at(-150, 9, 0), at(-95, 23, 59))
        } else {
            (at(-8, 9, 0), at(25, 23, 59))
        };
        let c = repo::create_consultation(
            tx,
            programme,
            &ConsultationFields {
                project_id: Some(project),
                title: Bilingual::default(),
                description: Bilingual::default(),
                opens: local(opens),
                closes: local(closes),
            },
            tz,
            Some(service),
        )
        .await?;
        report.consultations += 1;
        let thread = Thread {
            consultation: c,
            tz,
            opened: opens,
            people: &people,
            service,
        };
        comments(tx, &thread, PROJECT_COMMENTS, PROJECT_ANSWER, report).await?;
    }
    Ok(())
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

/// A consultation to fill: when it opened, who writes, who answers.
struct Thread<'a> {
    consultation: Uuid,
    tz: &'a str,
    opened: PrimitiveDateTime,
    people: &'a [Uuid],
    service: Uuid,
}

/// The comments of `list` and the collectivity's answer to one of them,
/// each dated after the opening. Written with their own statements, not
/// `repo::write_comment`: that one dates a comment now.
async fn comments(
    tx: &mut TenantTx,
    thread: &Thread<'_>,
    list: &[DemoComment],
    answer: (usize, &str, i64),
    report: &mut SeedReport,
) -> anyhow::Result<()> {
    let Thread {
        consultation,
        tz,
        opened,
        people,
        service,
    } = *thread;
    let tenant = tx.tenant().0;
    let mut ids: Vec<(Uuid, PrimitiveDateTime)> = vec![];
    for (i, (author, profile, age, days, body, reply_to)) in list.iter().enumerate() {
        let id = Uuid::now_v7();
        let when = opened + Duration::days(*days) + Duration::minutes(37 * i as i64 + 95);
        sqlx::query!(
            "insert into comments (tenant_id, id, consultation_id, parent_id, author_id, profile, age_bracket, body, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp at time zone $10)",
            tenant,
            id,
            consultation,
            reply_to.map(|r| ids[r].0),
            people[*author % people.len()],
            profile,
            age,
            body,
            when,
            tz
        )
        .execute(tx.conn())
        .await?;
        ids.push((id, when));
        report.comments += 1;
    }
    let (index, text, days) = answer;
    if let Some((item, when)) = ids.get(index) {
        sqlx::query!(
            "insert into official_answers (tenant_id, id, item_kind, item_id, body, author_id, created_at)
             values ($1, $2, 'comment', $3, $4, $5, $6::timestamp at time zone $7)",
            tenant,
            Uuid::now_v7(),
            item,
            text,
            service,
            *when + Duration::days(days),
            tz
        )
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}
