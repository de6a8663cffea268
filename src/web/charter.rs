//! The charter: the current version for everyone (on screen and on paper), and for the
//! administrator the versions, new drafts and their publication. A published version never
//! changes: its hash is what people's signatures point to.

use crate::app::AppState;
use crate::db::{self, charters::Charter};
use crate::domain::dates::{french_date, parse_deadline};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentAdmin;
use crate::web::extract::Now;
use crate::web::form::FieldErrors;
use crate::web::form::FormBody;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const MAX_TITLE_CHARS: usize = 200;

/// A charter version as pages show it: texts cut into paragraphs of lines, dates in French.
pub struct Shown {
    id: i32,
    version: i32,
    title: String,
    published: bool,
    /// "brouillon" or "publiée le 25 novembre 2026".
    status: String,
    material: bool,
    hash: String,
    valid_until: Option<String>,
    full: Vec<Vec<String>>,
    falc: Vec<Vec<String>>,
}

impl From<Charter> for Shown {
    fn from(c: Charter) -> Self {
        Shown {
            id: c.id,
            version: c.version,
            published: c.is_published(),
            status: match c.published_at {
                Some(at) => format!("publiée le {}", french_date(at)),
                None => "brouillon".to_string(),
            },
            material: c.material,
            hash: c.content_sha256.unwrap_or_default(),
            valid_until: c.previous_valid_until.map(french_date),
            full: paragraphs(&c.full_text),
            falc: paragraphs(&c.falc_text),
            title: c.title,
        }
    }
}

impl Shown {
    /// The pictogram drawn beside a paragraph of the easy-to-read version.
    fn picto(&self, paragraph: &[String]) -> &'static str {
        super::pictos::svg(crate::domain::pictogram::for_paragraph(&paragraph.join(" ")))
    }

    fn short_hash(&self) -> &str {
        self.hash.get(..12).unwrap_or(&self.hash)
    }
}

/// Blank lines separate paragraphs; single line breaks are kept (the easy-to-read text puts one
/// sentence per line, which is part of what makes it easy to read).
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .split(|line| line.is_empty())
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| paragraph.iter().map(|line| line.to_string()).collect())
        .collect()
}

/// Browsers send text areas with CRLF; the stored text (and so its hash) uses plain LF.
fn normalised(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

async fn current(state: &AppState) -> AppResult<Shown> {
    let charter = db::charters::current(&state.db).await?;
    Ok(charter.ok_or(AppError::NotFound)?.into())
}

#[derive(Template, WebTemplate)]
#[template(path = "charter/public.html")]
pub struct PublicPage {
    chrome: Chrome,
    charter: Shown,
}

pub async fn public(State(state): State<AppState>, chrome: Chrome) -> AppResult<PublicPage> {
    let charter = current(&state).await?;
    Ok(PublicPage { chrome, charter })
}

#[derive(Template, WebTemplate)]
#[template(path = "charter/print.html")]
pub struct PrintPage {
    charter: Shown,
}

pub async fn print(State(state): State<AppState>) -> AppResult<PrintPage> {
    Ok(PrintPage {
        charter: current(&state).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "charter/admin_list.html")]
pub struct ListPage {
    chrome: Chrome,
    versions: Vec<Shown>,
    values: DraftForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DraftForm {
    title: String,
    full_text: String,
    falc_text: String,
}

async fn list_page(state: &AppState, chrome: Chrome, values: DraftForm, errors: FieldErrors) -> AppResult<ListPage> {
    let versions = db::charters::list(&state.db).await?;
    Ok(ListPage {
        chrome,
        versions: versions.into_iter().map(Shown::from).collect(),
        values,
        errors,
    })
}

pub async fn admin_list(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<ListPage> {
    // A new version is nearly always an edit of the current one: start from its texts.
    let values = match db::charters::current(&state.db).await? {
        Some(c) => DraftForm {
            title: c.title,
            full_text: c.full_text,
            falc_text: c.falc_text,
        },
        None => DraftForm::default(),
    };
    list_page(&state, chrome, values, FieldErrors::default()).await
}

pub async fn create_draft(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    FormBody(values): FormBody<DraftForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let title = normalised(&values.title);
    let full = normalised(&values.full_text);
    let falc = normalised(&values.falc_text);
    if title.is_empty() {
        errors.add("title", "Indiquez un titre.");
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.add(
            "title",
            format!("Le titre ne doit pas dépasser {MAX_TITLE_CHARS} caractères."),
        );
    }
    if full.is_empty() {
        errors.add("full_text", "Indiquez le texte complet de la charte.");
    }
    if falc.is_empty() {
        errors.add("falc_text", "Indiquez le texte de la charte en version facile à lire.");
    }
    if errors.is_empty() {
        match db::charters::create_draft(&state.db, &title, &full, &falc, state.clock.now_ms()).await {
            Ok(id) => return Ok(Redirect::to(&format!("/admin/charte/{id}")).into_response()),
            // Two drafts created at the same instant would get the same version number.
            Err(e) if e.is_unique_violation() => errors.add(
                "title",
                "Une autre version vient d'être créée en même temps. Envoyez de nouveau le formulaire.",
            ),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(list_page(&state, chrome, values, errors).await?.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "charter/admin_version.html")]
pub struct VersionPage {
    chrome: Chrome,
    charter: Shown,
    /// A later version is already published: publishing this draft would make a version
    /// that is published but never the current one.
    superseded_by: Option<i32>,
    values: PublishForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PublishForm {
    /// Present (any value) when the box is checked.
    material: String,
    valid_until: String,
}

impl PublishForm {
    fn is_material(&self) -> bool {
        !self.material.is_empty()
    }

    /// Until when signatures of older versions still count: required for a material change.
    /// Without one the date means nothing, and is most likely a forgotten box: ask, don't guess.
    fn grace_until(&self, now_ms: i64) -> Result<Option<i64>, &'static str> {
        let typed = self.valid_until.trim();
        match (self.is_material(), typed.is_empty()) {
            (true, true) => {
                Err("Pour un changement important, indiquez jusqu'à quand les personnes restent disponibles.")
            }
            (true, false) => parse_deadline(typed, now_ms).map(Some),
            (false, true) => Ok(None),
            (false, false) => Err(
                "Cette date ne sert que pour un changement important : cochez la case ci-dessus, ou videz ce champ.",
            ),
        }
    }
}

/// The version `id` (a path segment that is not a number is an unknown page, not a 400).
async fn version(state: &AppState, id: &str) -> AppResult<(Charter, Option<i32>)> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let charter = db::charters::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let current = db::charters::current(&state.db).await?;
    let superseded_by = current
        .map(|c| c.version)
        .filter(|v| !charter.is_published() && *v > charter.version);
    Ok((charter, superseded_by))
}

pub async fn admin_version(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<VersionPage> {
    let (charter, superseded_by) = version(&state, &id).await?;
    Ok(VersionPage {
        chrome,
        charter: charter.into(),
        superseded_by,
        values: PublishForm::default(),
        errors: FieldErrors::default(),
    })
}

pub async fn publish(
    State(state): State<AppState>,
    Now(now): Now,
    chrome: Chrome,
    _: CurrentAdmin,
    Path(id): Path<String>,
    FormBody(values): FormBody<PublishForm>,
) -> AppResult<Response> {
    let (charter, superseded_by) = version(&state, &id).await?;
    let back = format!("/admin/charte/{}", charter.id);
    // Published versions are immutable: a second submission (or a stale tab) changes nothing.
    if charter.is_published() || superseded_by.is_some() {
        return Ok(Redirect::to(&back).into_response());
    }
    let mut errors = FieldErrors::default();
    if let Some(until) = errors.check("valid_until", values.grace_until(now)) {
        db::charters::publish(&state.db, charter.id, values.is_material(), until, now).await?;
        state.catalogue.forget();
        return Ok(Redirect::to(&back).into_response());
    }
    Ok(VersionPage {
        chrome,
        charter: charter.into(),
        superseded_by,
        values,
        errors,
    }
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_keep_their_paragraphs_and_line_breaks() {
        let text = "Un.\nDeux.\n\n  \n\nTrois.\r\n\r\nQuatre.\n";
        assert_eq!(
            paragraphs(text),
            vec![vec!["Un.", "Deux."], vec!["Trois."], vec!["Quatre."]]
        );
        assert!(paragraphs("\n \n").is_empty());
        assert_eq!(normalised("  Un.\r\n\r\nDeux.\r\n"), "Un.\n\nDeux.");
    }
}
