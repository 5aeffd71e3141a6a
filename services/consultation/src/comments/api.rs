//! A consultation's comments as JSON (`/api/v1/consultations/{id}/comments`),
//! typed: the types are the OpenAPI schema.

use super::*;

/// A catalogue entry: its code and labels.
#[derive(Serialize, ToSchema)]
#[schema(as = Label)]
pub(super) struct ApiLabel {
    pub(super) code: String,
    pub(super) label_ar: String,
    pub(super) label_fr: String,
}

/// One of the collectivity's official answers.
#[derive(Serialize, ToSchema)]
#[schema(as = Answer)]
pub(super) struct ApiAnswer {
    pub(super) body: String,
    #[schema(format = DateTime)]
    pub(super) created_at: String,
}

/// A comment or a reply, as the public sees it.
#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
pub(super) struct ApiComment {
    pub(super) id: Uuid,
    /// The comment it replies to; null for a thread's first comment.
    #[schema(required = true)]
    pub(super) parent_id: Option<Uuid>,
    #[schema(format = DateTime)]
    pub(super) created_at: String,
    pub(super) hidden: bool,
    /// Withdrawn by its author (or with the author's account): it keeps its place, without author, profile, age bracket or body.
    pub(super) withdrawn: bool,
    /// Its author changed the text after posting it.
    pub(super) edited: bool,
    /// Only when hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hidden_reason: Option<Reason>,
    /// The author's display name; absent when hidden, withdrawn or gathered on paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<String>,
    /// Gathered on paper at a workshop; absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) from_workshop: Option<bool>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) profile: Option<ApiLabel>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) age_bracket: Option<ApiLabel>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) body: Option<String>,
    /// The collectivity's official answers.
    pub(super) answers: Vec<ApiAnswer>,
}

/// The consultation a page of comments belongs to.
#[derive(Serialize, ToSchema)]
#[schema(as = ConsultationInfo)]
pub(super) struct ApiConsultation {
    pub(super) id: Uuid,
    /// The project it is about; null for a consultation on the whole programme.
    #[schema(required = true)]
    pub(super) project_id: Option<Uuid>,
    #[schema(required = true)]
    pub(super) title_ar: Option<String>,
    #[schema(required = true)]
    pub(super) title_fr: Option<String>,
    #[schema(format = DateTime)]
    pub(super) opens_at: String,
    #[schema(format = DateTime)]
    pub(super) closes_at: String,
    pub(super) state: WindowState,
    /// Visible comments (neither hidden nor withdrawn).
    pub(super) comment_count: i64,
}

/// A consultation and one page of its threads.
#[derive(Serialize, ToSchema)]
#[schema(as = ConsultationComments)]
pub(super) struct ApiComments {
    pub(super) consultation: ApiConsultation,
    /// This page.
    #[schema(minimum = 1)]
    pub(super) page: u32,
    /// How many pages of threads there are (at least one).
    #[schema(minimum = 1)]
    pub(super) pages: u32,
    /// Top-level comments, hidden and withdrawn ones included (they keep their place).
    #[schema(minimum = 0)]
    pub(super) threads: i64,
    /// Threads on a full page.
    #[schema(minimum = 1)]
    pub(super) per_page: i64,
    pub(super) comments: Vec<ApiComment>,
}

pub(super) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// JSON whose text cannot be mistaken for markup if a browser sniffs it:
/// `<`, `>` and `&` only ever occur inside strings, where `\u003c` means the same.
pub(crate) fn inert_json(v: &impl Serialize) -> AppResult<Response> {
    let s = serde_json::to_string(v).map_err(|e| AppError::Internal(e.into()))?;
    let s = s
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok((
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        s,
    )
        .into_response())
}

/// One page of a consultation's comments (`?page=`, as on its page):
/// hidden ones keep their place in the thread but carry no text, author,
/// profile or age bracket.
#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}/comments",
    summary = "A consultation and one page of its comments",
    description = "The consultation (titles, its window as instants, its state now: upcoming, open or closed, and the count of visible comments) and one page of its threads: 50 top-level comments in the order they were posted, each followed by its replies (one level deep), each comment with the collectivity's official answers. A comment hidden by moderation keeps its place and its reason's category but carries no text, author, profile or age bracket; so does a comment its author withdrew (`withdrawn`); an edited one says `edited`; a contribution gathered on paper at a workshop carries no author. Texts are the authors' own, plain: `<`, `>` and `&` are written \\u003c, \\u003e and \\u0026, so the JSON can never be read as markup.",
    params(
        ("id" = Uuid, Path, description = "The consultation"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000, description = "Which page of threads, from 1 (the default) to `pages`, in digits. Anything else (0, past the last page, not digits) is 404."),
    ),
    responses(
        (status = 200, description = "The consultation and one page of its comments", body = ApiComments),
        (status = 404, description = "No such consultation here (a draft's, to anyone but the collectivity's staff, and other collectivities' answer the same), or no such page of it (error `not_found`)", body = infitah_platform::error::ErrorBody),
        infitah_platform::openapi::ReadErrors,
    )
)]
pub async fn api_comments(
    cx: TenantPage,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let page = ThreadPage::parse(q.page.as_deref()).ok_or(AppError::NotFound)?;
    let tz = cx.tenant.record.time_zone.clone();
    let mut tx = cx.tx().await?;
    let c = repo::consultation(&mut tx, id, &tz, cx.sees_drafts())
        .await?
        .ok_or(AppError::NotFound)?;
    let totals = repo::comment_totals(&mut tx, id).await?;
    let pages = totals.pages(THREADS_PER_PAGE);
    if page.get() > pages {
        return Err(AppError::NotFound);
    }
    let rows = repo::comments(&mut tx, id, &tz, page, THREADS_PER_PAGE).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let answers = repo::answers(&mut tx, ItemKind::Comment, &ids, &tz).await?;
    let profiles = infitah_platform::catalog::catalog(&mut tx, "profile").await?;
    let ages = infitah_platform::catalog::catalog(&mut tx, "age_bracket").await?;
    tx.commit().await?;
    let label = |cat: &[infitah_platform::catalog::CatalogEntry], code: &str| {
        let e = cat.iter().find(|e| e.code == code);
        ApiLabel {
            code: code.to_owned(),
            label_ar: e.map(|e| e.label_ar.clone()).unwrap_or_default(),
            label_fr: e.map(|e| e.label_fr.clone()).unwrap_or_default(),
        }
    };
    let comments: Vec<ApiComment> = rows
        .iter()
        .map(|r| {
            let visible = r.shown();
            ApiComment {
                id: r.id,
                parent_id: r.parent_id,
                created_at: rfc3339(r.created_at),
                hidden: r.hidden(),
                withdrawn: r.withdrawn,
                edited: r.edited && visible,
                hidden_reason: r.hidden_reason.as_deref().and_then(Reason::parse),
                author: visible
                    .then(|| r.author_name.clone())
                    .flatten()
                    .filter(|_| r.workshop.is_none()),
                from_workshop: visible.then_some(r.workshop.is_some()),
                profile: visible.then(|| label(&profiles, &r.profile)),
                age_bracket: visible.then(|| label(&ages, &r.age_bracket)),
                body: visible.then(|| r.body.clone()),
                answers: answers
                    .get(&r.id)
                    .map(|l| {
                        l.iter()
                            .map(|a| ApiAnswer {
                                body: a.body.clone(),
                                created_at: rfc3339(a.created_at),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let title = c.display_title();
    inert_json(&ApiComments {
        consultation: ApiConsultation {
            id: c.id,
            project_id: c.project_id,
            title_ar: title.ar,
            title_fr: title.fr,
            opens_at: rfc3339(c.opens_at),
            closes_at: rfc3339(c.closes_at),
            state: c.state,
            comment_count: totals.visible,
        },
        page: page.get(),
        pages,
        threads: totals.threads,
        per_page: THREADS_PER_PAGE,
        comments,
    })
}
