//! The workshop's fields, as a form gives them, checked.

use super::*;

#[derive(Default, Clone)]
pub struct WorkshopForm {
    pub title_ar: String,
    pub title_fr: String,
    pub kind: String,
    pub held_on: String,
    pub place: String,
    pub consultation: String,
    pub minutes: String,
}

impl WorkshopForm {
    pub(super) fn from_fields(f: &Fields) -> Self {
        WorkshopForm {
            title_ar: f.one("title_ar").to_owned(),
            title_fr: f.one("title_fr").to_owned(),
            kind: f.one("kind").to_owned(),
            held_on: f.one("held_on").to_owned(),
            place: f.one("place").to_owned(),
            consultation: f.one("consultation").to_owned(),
            minutes: f.one("minutes").to_owned(),
        }
    }
    pub(super) fn of(w: &Workshop) -> Self {
        WorkshopForm {
            title_ar: w.title_ar.clone().unwrap_or_default(),
            title_fr: w.title_fr.clone().unwrap_or_default(),
            kind: w.kind.clone(),
            held_on: w.held_on.to_string(),
            place: w.place.clone(),
            consultation: w.consultation_id.map(|c| c.to_string()).unwrap_or_default(),
            minutes: w.minutes.clone(),
        }
    }
}

pub(super) fn check_fields(
    tr: &Tr,
    form: &WorkshopForm,
    consultations: &[repo::ConsultationChoice],
    errors: &mut Errors,
) -> Option<WorkshopFields> {
    let title_ar = infitah_platform::form::text(tr, errors, "title", &form.title_ar, 300);
    let title_fr = infitah_platform::form::text(tr, errors, "title", &form.title_fr, 300);
    if title_ar.is_none() && title_fr.is_none() && !errors.has("title") {
        errors.add("title", tr.t("ws-title-required"));
    }
    let kind = KINDS.iter().find(|k| **k == form.kind);
    if kind.is_none() {
        errors.add("kind", tr.t("ws-kind-required"));
    }
    let held_on = infitah_platform::text::date(&form.held_on);
    if held_on.is_none() {
        errors.add("held_on", tr.t("ws-date-invalid"));
    }
    let place = infitah_platform::form::text(tr, errors, "place", &form.place, 300);
    if place.is_none() && !errors.has("place") {
        errors.add("place", tr.t("ws-place-required"));
    }
    let consultation = if form.consultation.trim().is_empty() {
        Some(None)
    } else {
        form.consultation
            .trim()
            .parse::<Uuid>()
            .ok()
            .filter(|id| consultations.iter().any(|c| c.id == *id))
            .map(Some)
    };
    if consultation.is_none() {
        errors.add("consultation", tr.t("ws-consultation-unknown"));
    }
    let minutes = infitah_platform::form::text(tr, errors, "minutes", &form.minutes, MINUTES_MAX);
    if !errors.is_empty() {
        return None;
    }
    Some(WorkshopFields {
        kind: (*kind?).to_owned(),
        consultation_id: consultation?,
        title_ar,
        title_fr,
        held_on: held_on?,
        place: place?,
        minutes: minutes.unwrap_or_default(),
    })
}

pub(super) fn consultation_choices(
    lang: Lang,
    tr: &Tr,
    list: &[repo::ConsultationChoice],
    projects: &[infitah_plans::repo::ProjectSummary],
    chosen: &str,
) -> Vec<Choice> {
    list.iter()
        .map(|c| {
            let own = Bilingual::new(c.title_ar.clone(), c.title_fr.clone());
            let mut label = own.get(lang).text.to_owned();
            if label.is_empty() {
                label = match c
                    .project_id
                    .and_then(|p| projects.iter().find(|x| x.id == p))
                {
                    Some(p) => Bilingual::new(p.title_ar.clone(), p.title_fr.clone())
                        .get(lang)
                        .text
                        .to_owned(),
                    None => tr.t("stats-programme-consultation"),
                };
            }
            Choice {
                code: c.id.to_string(),
                label: format!("{label} — {}", day_label(lang, c.opens_on)),
                selected: c.id.to_string() == chosen,
            }
        })
        .collect()
}

pub(super) fn kind_choices(tr: &Tr, chosen: &str) -> Vec<Choice> {
    KINDS
        .iter()
        .map(|k| Choice {
            code: (*k).to_owned(),
            label: tr.t(&format!("ws-kind-{k}")),
            selected: *k == chosen,
        })
        .collect()
}
