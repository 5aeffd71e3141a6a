//! The ideas' public pages: the list with its axis filter, the submission
//! form and its post, one idea with its answers and flag form.

use super::*;

// ---------------------------------------------------------------------------
// Public list, with the axis filter.

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub(super) axis: String,
}

#[derive(Template)]
#[template(path = "ideas_list.html")]
struct ListPage<'a> {
    shell: Shell<'a>,
    ideas: Vec<IdeaView>,
    axes: Vec<Choice>,
    filter_axis: String,
    total: usize,
    has_programme: bool,
    signed_in: bool,
    verified: bool,
    staff: bool,
}

pub(super) async fn list(
    cx: TenantPage,
    Query(q): Query<ListQuery>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let (tenant, lang, viewer) = (&cx.tenant, cx.lang, &cx.viewer);
    let path = format!("/ideas?{}", raw.unwrap_or_default());
    cx.cached(&path, || async {
        let tr = cx.tr();
        let drafts = staff_viewer(viewer.as_ref());
        let mut tx = cx.tx().await?;
        let cats = Catalogs::load(&mut tx).await?;
        let axis = resolve(&cats.pillars, &q.axis);
        let ideas = repo::list_public(&mut tx, &tenant.record.time_zone, axis.as_deref()).await?;
        let projects = infitah_plans::repo::list_projects(&mut tx).await?;
        let has_programme = infitah_plans::repo::current_programme(&mut tx, true)
            .await?
            .is_some();
        tx.commit().await?;
        let total = ideas.len();
        let page = ListPage {
            shell: cx.shell_at("/ideas", tr.t("idea-list-title")),
            ideas: ideas
                .iter()
                .map(|i| view(&tr, lang, &cats, &projects, drafts, i))
                .collect(),
            axes: choices(&cats.pillars, lang, axis.as_deref().unwrap_or("")),
            filter_axis: axis.unwrap_or_default(),
            total,
            has_programme,
            signed_in: viewer.is_some(),
            verified: viewer.as_ref().is_some_and(|v| v.verified),
            staff: drafts,
        };
        html_page(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// The submission form.

#[derive(Default)]
struct IdeaForm {
    axis: String,
    title: String,
    body: String,
    profile: String,
    age_bracket: String,
}

#[derive(Template)]
#[template(path = "ideas_new.html")]
struct NewPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    form: IdeaForm,
    axes: Vec<Choice>,
    profiles: Vec<Choice>,
    ages: Vec<Choice>,
    errors: Errors,
    verified: bool,
    has_programme: bool,
    title_max: usize,
    body_max: usize,
}

async fn form_page(
    cx: &TenantPage,
    viewer: &Viewer,
    status: StatusCode,
    form: IdeaForm,
    errors: Errors,
) -> AppResult<Response> {
    let lang = cx.lang;
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let cats = Catalogs::load(&mut tx).await?;
    let has_programme = infitah_plans::repo::current_programme(&mut tx, true)
        .await?
        .is_some();
    tx.commit().await?;
    let page = NewPage {
        shell: cx.shell_at("/ideas/new", tr.t("idea-new-title")),
        csrf: cx.csrf.clone(),
        axes: choices(&cats.pillars, lang, &form.axis),
        profiles: choices(&cats.profiles, lang, &form.profile),
        ages: choices(&cats.ages, lang, &form.age_bracket),
        form,
        errors,
        verified: viewer.verified,
        has_programme,
        title_max: TITLE_MAX,
        body_max: BODY_MAX,
    };
    render(status, &page)
}

pub(super) async fn new_form(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let viewer = &cx.viewer;
    let Some(viewer) = viewer else {
        return Ok(Redirect::to("/sign-in?next=%2Fideas%2Fnew").into_response());
    };
    let form = IdeaForm {
        axis: q.axis,
        ..Default::default()
    };
    form_page(&cx, viewer, StatusCode::OK, form, Errors::default()).await
}

pub(super) async fn submit(
    cx: TenantPage,
    Verified(viewer): Verified,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let tr = cx.tr();
    let f = Fields(fields);
    let form = IdeaForm {
        axis: f.one("axis").to_owned(),
        title: f.one("title").to_owned(),
        body: f.one("body").to_owned(),
        profile: f.one("profile").to_owned(),
        age_bracket: f.one("age_bracket").to_owned(),
    };
    let mut errors = Errors::default();
    let mut tx = cx.tx().await?;
    let cats = Catalogs::load(&mut tx).await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
    let axis = resolve(&cats.pillars, &form.axis);
    if axis.is_none() {
        errors.add("axis", tr.t("idea-axis-required"));
    }
    let title = required_text(
        &tr,
        &mut errors,
        "title",
        &form.title,
        TITLE_MAX,
        "idea-title-required",
    );
    let body = required_text(
        &tr,
        &mut errors,
        "body",
        &form.body,
        BODY_MAX,
        "idea-body-required",
    );
    let profile = resolve(&cats.profiles, &form.profile);
    if profile.is_none() {
        errors.add("profile", tr.t("idea-profile-required"));
    }
    let age = resolve(&cats.ages, &form.age_bracket);
    if age.is_none() {
        errors.add("age_bracket", tr.t("idea-age-required"));
    }
    let (Some(programme), Some(axis), Some(title), Some(body), Some(profile), Some(age), true) = (
        programme,
        axis,
        title,
        body,
        profile,
        age,
        errors.is_empty(),
    ) else {
        tx.rollback().await?;
        return form_page(&cx, &viewer, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    };
    // The same idea sent twice (a double click, a retry): the first one stands.
    if let Some(id) = repo::same_recent(&mut tx, viewer.account_id, &title, &body).await? {
        tx.rollback().await?;
        return Ok(Redirect::to(&format!("/ideas/{id}")).into_response());
    }
    let ip = client_ip(state, &headers, peer);
    let by_account = state
        .throttle
        .allow(
            &state.redis,
            tenant.id(),
            IDEAS_PER_ACCOUNT,
            &infitah_platform::throttle::subject("account", &viewer.account_id.to_string()),
        )
        .await;
    let by_ip = state
        .throttle
        .allow(
            &state.redis,
            tenant.id(),
            IDEAS_PER_IP,
            &infitah_platform::throttle::subject("ip", &ip),
        )
        .await;
    if !(by_account && by_ip) {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests);
    }
    let id = repo::create(
        &mut tx,
        &NewIdea {
            programme_id: programme.id,
            author_id: viewer.account_id,
            axis: &axis,
            profile: &profile,
            age_bracket: &age,
            title: &title,
            body: &body,
        },
        None,
    )
    .await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(Redirect::to(&format!("/ideas/{id}")).into_response())
}

// ---------------------------------------------------------------------------
// One idea.

#[derive(Template)]
#[template(path = "ideas_show.html")]
struct ShowPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    path: String,
    flag_action: String,
    idea: IdeaView,
    answers: Vec<AnswerView>,
    /// For a verified viewer: whether they flagged it already.
    flag: Option<bool>,
    staff: bool,
    /// Where its author edits or withdraws it.
    manage: Option<String>,
}

/// The collectivity's official answers to an idea, as the moderation module keeps them.
pub(super) async fn answers_of(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tz: &str,
    id: Uuid,
) -> Result<Vec<AnswerView>, sqlx::Error> {
    Ok(crate::repo::answers(tx, ItemKind::Idea, &[id], tz)
        .await?
        .remove(&id)
        .unwrap_or_default()
        .iter()
        .map(|a| AnswerView::of(tr, a))
        .collect())
}

pub(super) async fn show(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let (tenant, lang, viewer) = (&cx.tenant, cx.lang, &cx.viewer);
    let id = parse_id(&id)?;
    let path = format!("/ideas/{id}");
    cx.cached(&path, || async {
        let tr = cx.tr();
        let drafts = staff_viewer(viewer.as_ref());
        let tz = &tenant.record.time_zone;
        let mut tx = cx.tx().await?;
        let idea = repo::get(&mut tx, tz, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cats = Catalogs::load(&mut tx).await?;
        let projects = infitah_plans::repo::list_projects(&mut tx).await?;
        let answers = if idea.hidden_reason.is_none() {
            answers_of(&mut tx, &tr, tz, id).await?
        } else {
            vec![]
        };
        let flag = match viewer.as_ref().filter(|v| v.verified) {
            Some(v)
                if idea.hidden_reason.is_none()
                    && !idea.withdrawn
                    && v.account_id != idea.author_id =>
            {
                Some(
                    crate::repo::flagged_by(&mut tx, ItemKind::Idea, v.account_id, &[id])
                        .await?
                        .contains(&id),
                )
            }
            _ => None,
        };
        tx.commit().await?;
        let mut v = view(&tr, lang, &cats, &projects, drafts, &idea);
        if v.withdrawn {
            // Nor once its author took it back.
            v.title = tr.t("idea-withdrawn-title");
            v.body.clear();
            v.excerpt.clear();
        } else if v.hidden.is_some() {
            // Nothing the author wrote leaves the database once it is hidden.
            v.title = tr.t("idea-hidden-title");
            v.body.clear();
            v.excerpt.clear();
        }
        let own = viewer
            .as_ref()
            .is_some_and(|v| v.account_id == idea.author_id);
        let page = ShowPage {
            shell: cx.shell_at(&path, v.title.clone()),
            csrf: cx.csrf.clone(),
            path: path.clone(),
            flag_action: format!("/ideas/{id}/flag"),
            manage: (own && !idea.withdrawn).then(|| format!("/ideas/{id}/edit")),
            idea: v,
            answers,
            flag,
            staff: drafts,
        };
        html_page(&page)
    })
    .await
}
