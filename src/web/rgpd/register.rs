//! The register of processing (who processes which data, why, how long, and how to exercise
//! one's rights): a public page, and the admin's page to edit it and the retention period,
//! with the reports of the daily purge.

use crate::app::AppState;
use crate::db::{self, rgpd::PurgeReport};
use crate::domain::dates::french_date_time;
use crate::domain::rgpd::{Register, paragraphs, parse_retention_months, register_field};
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/register.html")]
pub struct RegisterPage {
    chrome: Chrome,
    sections: Vec<(&'static str, Vec<String>)>,
    retention_months: u32,
}

pub async fn public(State(state): State<AppState>, chrome: Chrome) -> AppResult<RegisterPage> {
    let r = db::rgpd::register(&state.db).await?;
    Ok(RegisterPage {
        chrome,
        sections: vec![
            ("Pourquoi ces données sont utilisées", paragraphs(&r.purpose)),
            ("Sur quelle base", paragraphs(&r.legal_basis)),
            ("Combien de temps elles sont gardées", paragraphs(&r.retention)),
            ("Vos droits, et comment les exercer", paragraphs(&r.rights)),
            ("Qui contacter", paragraphs(&r.dpo)),
            ("Qui est responsable de ces données", paragraphs(&r.controller)),
        ],
        retention_months: db::rgpd::retention_months(&state.db).await?,
    })
}

/// What the admin typed, kept as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Form {
    controller: String,
    purpose: String,
    legal_basis: String,
    retention: String,
    rights: String,
    dpo: String,
    retention_months: String,
}

const FIELDS: [(&str, &str); 6] = [
    (
        "controller",
        "Responsable du traitement : le CCAS ou l'association, son adresse",
    ),
    ("purpose", "Finalité : pourquoi les données sont utilisées"),
    ("legal_basis", "Base légale"),
    ("retention", "Durées de conservation"),
    ("rights", "Droits des personnes et comment les exercer"),
    ("dpo", "Contact du ou de la délégué·e à la protection des données"),
];

pub struct ReportLine {
    pub at: String,
    pub inactive_before: String,
    pub months: i32,
    pub people: i32,
    pub audit: i64,
}

impl From<PurgeReport> for ReportLine {
    fn from(r: PurgeReport) -> Self {
        ReportLine {
            at: french_date_time(r.at),
            inactive_before: french_date_time(r.inactive_before),
            months: r.retention_months,
            people: r.people_purged,
            audit: r.audit_purged,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/register_admin.html")]
pub struct AdminPage {
    chrome: Chrome,
    fields: Vec<(&'static str, &'static str, String)>,
    retention_months: String,
    errors: FieldErrors,
    saved: bool,
    reports: Vec<ReportLine>,
}

async fn admin_page(
    state: &AppState,
    chrome: Chrome,
    form: Form,
    errors: FieldErrors,
    saved: bool,
) -> AppResult<AdminPage> {
    let typed = [
        form.controller,
        form.purpose,
        form.legal_basis,
        form.retention,
        form.rights,
        form.dpo,
    ];
    Ok(AdminPage {
        chrome,
        fields: FIELDS.iter().zip(typed).map(|((n, l), v)| (*n, *l, v)).collect(),
        retention_months: form.retention_months,
        errors,
        saved,
        reports: db::rgpd::reports(&state.db, 10)
            .await?
            .into_iter()
            .map(ReportLine::from)
            .collect(),
    })
}

pub async fn edit(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<AdminPage> {
    let r = db::rgpd::register(&state.db).await?;
    let form = Form {
        controller: r.controller,
        purpose: r.purpose,
        legal_basis: r.legal_basis,
        retention: r.retention,
        rights: r.rights,
        dpo: r.dpo,
        retention_months: db::rgpd::retention_months(&state.db).await?.to_string(),
    };
    admin_page(&state, chrome, form, FieldErrors::default(), false).await
}

pub async fn save(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin, body: Bytes) -> AppResult<AdminPage> {
    let form: Form = parse_body(&body);
    let mut errors = FieldErrors::default();
    let mut field = |name: &'static str, raw: &str| errors.check(name, register_field(raw)).unwrap_or_default();
    let register = Register {
        controller: field("controller", &form.controller),
        purpose: field("purpose", &form.purpose),
        legal_basis: field("legal_basis", &form.legal_basis),
        retention: field("retention", &form.retention),
        rights: field("rights", &form.rights),
        dpo: field("dpo", &form.dpo),
    };
    let months = errors.check("retention_months", parse_retention_months(&form.retention_months));
    let saved = errors.is_empty();
    if let (true, Some(months)) = (saved, months) {
        db::rgpd::set_register(&state.db, &register).await?;
        db::rgpd::set_retention_months(&state.db, months).await?;
    }
    admin_page(&state, chrome, form, errors, saved).await
}
