use super::*;
use serde_json::json;

fn i18n() -> I18n {
    I18n::new(&[&crate::CATALOG]).unwrap()
}

fn brand() -> Branding {
    Branding::new(
        "القنيطرة".into(),
        Some(&Color::parse("#0b6e4f").unwrap()),
        "http://kenitra.localhost:8080".into(),
    )
}

#[test]
fn every_kind_renders_in_every_language() {
    let i18n = i18n();
    let payload = json!({
        "name": "Samir", "link": "https://kenitra.ma/verify?t=abc",
        "sign_in_link": "https://kenitra.ma/sign-in", "reset_link": "https://kenitra.ma/reset",
        "role": "editor",
    });
    for lang in Lang::ALL {
        for kind in [
            MailKind::VerifyEmail,
            MailKind::AlreadyRegistered,
            MailKind::ResetPassword,
            MailKind::Invitation,
            MailKind::ChangeEmail,
            MailKind::EmailChanged,
            MailKind::PasswordChanged,
        ] {
            let r = render(&i18n, lang, kind, &payload, &brand(), None).unwrap();
            for s in [&r.subject, &r.text, &r.html] {
                // A missing message would show its id.
                assert!(!s.contains("mail-"), "{lang:?} {kind:?}: {s}");
            }
            assert!(r.subject.contains("القنيطرة"));
            assert!(r.html.contains(&format!(
                "<html lang=\"{}\" dir=\"{}\">",
                lang.html_lang(),
                lang.dir()
            )));
            assert!(r.text.contains("http://kenitra.localhost:8080"));
        }
    }
}

#[test]
fn names_are_escaped_in_html_and_kept_in_text() {
    let payload = json!({ "name": "<b>Sara & \"co\"</b>", "link": "https://kenitra.ma/v?a=1&b=2" });
    let r = render(
        &i18n(),
        Lang::Fr,
        MailKind::VerifyEmail,
        &payload,
        &brand(),
        None,
    )
    .unwrap();
    assert!(!r.html.contains("<b>Sara"), "{}", r.html);
    assert!(
        r.html
            .contains("&#60;b&#62;Sara &#38; &#34;co&#34;&#60;/b&#62;")
            || r.html
                .contains("&lt;b&gt;Sara &amp; &quot;co&quot;&lt;/b&gt;"),
        "{}",
        r.html
    );
    assert!(r.text.contains("Bonjour <b>Sara & \"co\"</b>,"));
    assert!(r.text.contains("https://kenitra.ma/v?a=1&b=2"));
}

#[test]
fn bad_payloads_are_refused() {
    let i18n = i18n();
    let b = brand();
    let r = |kind, p: Value| render(&i18n, Lang::Ar, kind, &p, &b, None).map(|_| ());
    assert_eq!(
        r(MailKind::VerifyEmail, json!({"name": "x"})),
        Err(RenderError::MissingField("link"))
    );
    assert_eq!(
        r(
            MailKind::ResetPassword,
            json!({"link": "javascript:alert(1)"})
        ),
        Err(RenderError::BadLink("link"))
    );
    assert_eq!(
        r(MailKind::ChangeEmail, json!({"link": "/relative"})),
        Err(RenderError::BadLink("link"))
    );
    assert_eq!(
        r(
            MailKind::AlreadyRegistered,
            json!({"sign_in_link": "https://a.ma/"})
        ),
        Err(RenderError::MissingField("reset_link"))
    );
    assert_eq!(
        r(MailKind::Invitation, json!({"link": "https://a.ma/"})),
        Err(RenderError::MissingField("role"))
    );
    // Messages without a link need nothing but may greet by name.
    assert!(r(MailKind::PasswordChanged, json!({})).is_ok());
}

#[test]
fn notifications_and_digests_render_in_every_language_with_user_text_inert() {
    let i18n = i18n();
    let evil = "<script>alert(1)</script> & \"x\"";
    let unsubscribe = "http://kenitra.localhost:8080/unsubscribe/abc";
    let event = |kind: EventKind| {
        json!({
            "event": kind.as_str(), "name": evil, "account": Uuid::nil(),
            "list": format!("project:{}", Uuid::nil()),
            "title_ar": evil, "title_fr": evil, "path": "/projects/1?a=1",
            "closes_at": "2021-05-31 23:59", "activity_fr": evil, "activity_ar": evil,
            "old": 10, "new": 40, "decided_on": "2024-10-03",
            "excerpt": evil, "answer": evil,
        })
    };
    for lang in Lang::ALL {
        let mut mails = vec![];
        for kind in EventKind::ALL {
            mails.push(
                render(
                    &i18n,
                    lang,
                    MailKind::Notification,
                    &event(kind),
                    &brand(),
                    Some(unsubscribe),
                )
                .unwrap(),
            );
        }
        for period in ["daily", "weekly"] {
            let items: Vec<Value> = EventKind::ALL.into_iter().map(event).collect();
            let payload = json!({
                "name": evil, "account": Uuid::nil(), "list": "all",
                "period": period, "items": items, "more": 3,
            });
            mails.push(
                render(
                    &i18n,
                    lang,
                    MailKind::Digest,
                    &payload,
                    &brand(),
                    Some(unsubscribe),
                )
                .unwrap(),
            );
        }
        for r in &mails {
            for s in [&r.subject, &r.text, &r.html] {
                assert!(!s.contains("mail-"), "{lang:?}: {s}");
            }
            assert!(!r.html.contains("<script>"), "{}", r.html);
            assert!(r.html.contains("&#60;script&#62;") || r.html.contains("&lt;script&gt;"));
            assert!(r.text.contains(unsubscribe) && r.html.contains(unsubscribe));
            assert!(
                r.text
                    .contains("http://kenitra.localhost:8080/notifications")
            );
            assert_eq!(r.list_unsubscribe.as_deref(), Some(unsubscribe));
        }
        let closing = &mails[1];
        let when = match lang {
            Lang::Ar => "31 ماي 2021، 23:59",
            Lang::Fr => "31 mai 2021, 23:59",
            Lang::En => "May 31, 2021, 23:59",
        };
        // Arabic numbers travel between Unicode isolates, so that they keep
        // their order inside the sentence; without them the words are the same.
        let words: String = closing
            .text
            .chars()
            .filter(|c| !matches!(c, '\u{2066}' | '\u{2069}'))
            .collect();
        assert!(words.contains(when), "{}", closing.text);
        assert_eq!(
            lang == Lang::Ar,
            closing.text.contains("\u{2066}2021\u{2069}"),
            "{}",
            closing.text
        );
        assert!(
            closing
                .text
                .contains("http://kenitra.localhost:8080/projects/1?a=1")
        );
        let digest = mails.last().unwrap();
        assert!(
            digest.text.contains("القنيطرة"),
            "the digest names its collectivity"
        );
    }
}

#[test]
fn notification_mails_carry_one_click_unsubscribe_headers() {
    let payload = json!({"event": "programme_adopted", "title_fr": "Programme", "path": "/",
                         "decided_on": "2024-10-03", "account": Uuid::nil(), "list": "all"});
    let url = "https://kenitra.ma/unsubscribe/abc";
    let r = render(
        &i18n(),
        Lang::Fr,
        MailKind::Notification,
        &payload,
        &brand(),
        Some(url),
    )
    .unwrap();
    let from: Mailbox = "infitah <no-reply@localhost>".parse().unwrap();
    let to: Mailbox = "samir@example.ma".parse().unwrap();
    let m = build_message(&from, to, Uuid::nil(), Lang::Fr, r).unwrap();
    let raw = String::from_utf8(m.formatted()).unwrap();
    assert!(
        raw.contains("List-Unsubscribe: <https://kenitra.ma/unsubscribe/abc>\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
        "{raw}"
    );
    // Paths that leave the site are refused.
    for bad in [
        "//evil.example/x",
        "https://evil.example/",
        "/a b",
        "javascript:alert(1)",
    ] {
        let p = json!({"event": "programme_adopted", "path": bad});
        assert_eq!(
            render(
                &i18n(),
                Lang::Fr,
                MailKind::Notification,
                &p,
                &brand(),
                None
            )
            .map(|_| ()),
            Err(RenderError::BadLink("path")),
            "{bad}"
        );
    }
}

#[test]
fn contrast_picks_readable_colours() {
    let light = Branding::new(
        "x".into(),
        Some(&Color::parse("#f5e663").unwrap()),
        String::new(),
    );
    assert_eq!(light.on_color, DARK);
    assert_eq!(light.link_color, DARK);
    let dark = Branding::new(
        "x".into(),
        Some(&Color::parse("#1d4e89").unwrap()),
        String::new(),
    );
    assert_eq!(dark.on_color, "#ffffff");
    assert_eq!(dark.link_color, "#1d4e89");
}
