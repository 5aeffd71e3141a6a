//! Staff: the list of workshops and the creation form.

use super::*;

#[derive(Template)]
#[template(path = "workshop_admin.html")]
pub(super) struct AdminList<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) workshops: Vec<WorkshopView>,
    pub(super) form: WorkshopForm,
    pub(super) kinds: Vec<Choice>,
    pub(super) consultations: Vec<Choice>,
    pub(super) errors: Errors,
}

pub(super) async fn admin_list_page(
    cx: &TenantPage,
    status: StatusCode,
    form: WorkshopForm,
    errors: Errors,
) -> AppResult<Response> {
    let (tenant, lang) = (&cx.tenant, cx.lang);
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let rows = repo::list(&mut tx).await?;
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    tx.commit().await?;
    let page = AdminList {
        shell: cx.shell_at("/admin/workshops", tr.t("ws-admin-title")),
        csrf: cx.csrf.clone(),
        workshops: rows.iter().map(|w| view(&tr, lang, w)).collect(),
        kinds: kind_choices(&tr, &form.kind),
        consultations: consultation_choices(lang, &tr, &cons, &projects, &form.consultation),
        form,
        errors,
    };
    render(status, &page)
}

pub(super) async fn admin_list(cx: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    let form = WorkshopForm {
        kind: "co_preparation".into(),
        ..Default::default()
    };
    admin_list_page(&cx, StatusCode::OK, form, Errors::default()).await
}

pub(super) async fn create(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let tr = cx.tr();
    let form = WorkshopForm::from_fields(&Fields(fields));
    let mut errors = Errors::default();
    let mut tx = cx.tx().await?;
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
    let checked = check_fields(&tr, &form, &cons, &mut errors);
    if programme.is_none() {
        errors.add("title", tr.t("ws-no-programme"));
    }
    let (Some(fields), Some(programme)) = (checked, programme) else {
        tx.rollback().await?;
        return admin_list_page(&cx, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    };
    let id = repo::create(&mut tx, programme.id, &fields).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(Redirect::to(&format!("/admin/workshops/{id}?saved=workshop")).into_response())
}
