//! `infitah user add`: how an operator gives a collectivity its first admin
//! (or the nation its managers) — an invitation by default, or an account
//! created at once with a password read from standard input, for automation.

use std::io::{BufRead, Write};

use infitah_identity::{accounts::Accounts, forms::Errors, password, repo};
use infitah_platform::{
    AppState,
    auth::Role,
    config::Settings,
    i18n::Lang,
    registry::{RegistryErrors, RowError},
};
use serde_json::json;

use crate::cli::UserCommand;

fn field_error(field: &str, message: impl Into<String>) -> anyhow::Error {
    RegistryErrors(vec![RowError {
        row: 0,
        field: field.into(),
        message: message.into(),
    }])
    .into()
}

pub async fn run(
    settings: Settings,
    cmd: UserCommand,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let UserCommand::Add {
        tenant,
        email,
        role,
        name,
        lang,
        password_stdin,
    } = cmd;
    let state = AppState::new(settings, &crate::server::catalogs())?;
    state.directory.reload().await?;
    let site = state.directory.snapshot().site_of(&tenant).ok_or_else(|| {
        field_error(
            "tenant",
            format!("no collectivity {tenant:?} (\"national\" is the national space)"),
        )
    })?;
    let role = Role::parse(&role).ok_or_else(|| {
        field_error(
            "role",
            "use admin, editor, moderator, committee, national_manager or operator",
        )
    })?;
    if role.is_platform() != site.is_national() {
        return Err(field_error(
            "role",
            if site.is_national() {
                "the national space takes national_manager or operator"
            } else {
                "a collectivity takes admin, editor, moderator or committee"
            },
        ));
    }
    let tr = state.i18n.tr(Lang::En);
    let mut errors = Errors::default();
    let email = infitah_identity::forms::email(&tr, &mut errors, "email", &email);
    let lang = match lang {
        Some(l) => infitah_identity::forms::language(&tr, &mut errors, site.languages(), &l),
        None => site.languages().first().copied(),
    };
    if !errors.is_empty() {
        return Err(RegistryErrors(
            errors
                .pairs()
                .map(|(f, m)| RowError {
                    row: 0,
                    field: f.clone(),
                    message: m.clone(),
                })
                .collect(),
        )
        .into());
    }
    let (email, lang) = (email.expect("checked"), lang.unwrap_or(Lang::Ar));
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    if !password_stdin {
        Accounts::new(&state, &site)
            .invite(&mut tx, &email, role, lang, None)
            .await?;
        tx.commit().await?;
        writeln!(
            out,
            "invitation for {} as {} queued for {email}; the link is valid 72 hours",
            site.scope().slug(),
            role.as_str()
        )?;
        return Ok(());
    }
    let mut pw = String::new();
    input.read_line(&mut pw)?;
    let pw = pw.trim_end_matches(['\n', '\r']);
    password::check_strength(pw).map_err(|w| field_error("password", tr.n(w.message_id(), 12)))?;
    let account = match repo::find_by_email(&mut tx, &email).await? {
        Some(a) => a.id,
        None => {
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let hash = password::Passwords::new(1).hash(pw).await;
            let id = repo::create(&mut tx, &email, &name, Some(&hash), lang, None)
                .await?
                .expect("address is free");
            repo::mark_verified(&mut tx, id).await?;
            id
        }
    };
    repo::grant(&mut tx, account, role, None).await?;
    repo::log(
        &mut tx,
        "roles_changed",
        Some(account),
        None,
        json!({"added": [role.as_str()], "by": "operator"}),
    )
    .await?;
    tx.commit().await?;
    writeln!(
        out,
        "{email} is {} of {}",
        role.as_str(),
        site.scope().slug()
    )?;
    Ok(())
}
