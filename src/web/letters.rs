//! « Courriers à imprimer »: a team's letters for the people who chose the post, laid out as
//! A4 letters (one a page, the address placed for a window envelope), printed in one go, then
//! marked printed by the coordinator (all shown, or one by one). Printed letters leave the
//! list and stay in the person's record.

use crate::app::AppState;
use crate::db::{self, letters::Letter, teams::Team};
use crate::domain::dates::french_date;
use crate::domain::letter::{call_the_team, sentences};
use crate::domain::profile::spaced_phone;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentCoordinator, Now};
use crate::web::flash;
use crate::web::form::FormBody;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamQuery {
    equipe: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "letters/print.html")]
pub struct LettersPage {
    chrome: Chrome,
    team: Sender,
    /// The other teams the coordinator runs, to switch to.
    others: Vec<(i32, String)>,
    date: String,
    letters: Vec<LetterView>,
    /// The ids of the letters shown, for « all printed ».
    shown: String,
    /// More were waiting than the page shows.
    more: bool,
}

/// The team as its letters name it: at the top, and signing.
pub struct Sender {
    id: i32,
    name: String,
    address: Vec<String>,
    phone: Option<String>,
    email: Option<String>,
    call: String,
}

pub struct LetterView {
    id: i32,
    name: String,
    first_name: String,
    address: Vec<String>,
    title: String,
    lines: Vec<String>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// « la première rencontre » → « La première rencontre », for the subject line.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn view(l: Letter) -> LetterView {
    LetterView {
        id: l.id,
        name: format!("{} {}", l.first_name, l.last_name),
        address: lines(&l.postal_address),
        title: capitalised(&l.title),
        lines: sentences(&l.body),
        first_name: l.first_name,
    }
}

fn sender(t: &Team) -> Sender {
    Sender {
        id: t.id,
        name: t.name.clone(),
        address: t.postal_address.as_deref().map(lines).unwrap_or_default(),
        phone: t.contact.phone.as_deref().map(spaced_phone),
        email: t.contact.email.clone(),
        call: call_the_team(t.contact.phone.as_deref()),
    }
}

/// The team asked for (403 if not theirs), else their first.
fn chosen<'a>(c: &'a CurrentCoordinator, asked: &str) -> AppResult<&'a Team> {
    match asked.trim().parse::<i32>() {
        Ok(id) => c.teams.iter().find(|t| t.id == id).ok_or(AppError::Forbidden),
        Err(_) => c.teams.first().ok_or(AppError::Forbidden),
    }
}

pub async fn page(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    coordinator: CurrentCoordinator,
    Query(q): Query<TeamQuery>,
) -> AppResult<LettersPage> {
    let team = chosen(&coordinator, &q.equipe)?;
    let waiting = db::letters::waiting(&state.db, team.id).await?;
    let total = db::letters::waiting_count(&state.db, team.id).await?;
    let shown = waiting.iter().map(|l| l.id.to_string()).collect::<Vec<_>>().join(",");
    Ok(LettersPage {
        chrome,
        others: coordinator
            .teams
            .iter()
            .filter(|t| t.id != team.id)
            .map(|t| (t.id, t.name.clone()))
            .collect(),
        team: sender(team),
        date: french_date(now_ms),
        more: total > waiting.len() as u64,
        letters: waiting.into_iter().map(view).collect(),
        shown,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PrintedForm {
    equipe: String,
    /// The ids of the letters printed, separated by commas.
    courriers: String,
}

/// The coordinator printed these letters: they leave the list (kept in the person's record).
pub async fn printed(
    State(state): State<AppState>,
    Now(now_ms): Now,
    coordinator: CurrentCoordinator,
    session: Session,
    FormBody(form): FormBody<PrintedForm>,
) -> AppResult<Redirect> {
    let team = chosen(&coordinator, &form.equipe)?;
    let ids: Vec<i32> = form
        .courriers
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .take(db::letters::MAX_SHOWN as usize)
        .collect();
    let me = &coordinator.me;
    let by = format!("{} ({})", me.name, me.role.label());
    let done = db::letters::mark_printed(&state.db, team.id, &ids, &by, now_ms).await?;
    let message = match done {
        0 => "Aucun courrier n'a changé : ils étaient déjà marqués imprimés.".to_string(),
        1 => "Un courrier marqué imprimé : il quitte la liste et reste dans la fiche de la personne.".to_string(),
        n => format!(
            "{n} courriers marqués imprimés : ils quittent la liste et restent dans la fiche de chaque personne."
        ),
    };
    flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/courriers?equipe={}", team.id)))
}
