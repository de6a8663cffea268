//! « Mon compte », the coordinator's week: the Monday digest on or off, and the absences
//! during which a colleague of the team receives the alerts and the digest.

use crate::app::AppState;
use crate::db::{self, staff::StaffMember};
use crate::domain::account::Role;
use crate::domain::dates::{day_in_france, french_day};
use crate::domain::week::absence::{self, Context, Typed};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentStaff, Now};
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

pub use crate::links::ACCOUNT_WEEK as PATH;

/// The absence form as typed (kept as typed when refused).
#[derive(Deserialize, Default, Clone)]
pub struct AbsenceForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    stand_in: String,
}

#[derive(Deserialize, Default)]
pub struct DigestForm {
    #[serde(default)]
    digest: String,
}

/// An absence of the page, in words.
pub struct AbsenceItem {
    id: i32,
    words: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/week.html")]
pub struct WeekPage {
    chrome: Chrome,
    /// Only coordinators receive the digest and name a stand-in.
    coordinator: bool,
    digest_on: bool,
    colleagues: Vec<(i32, String)>,
    absences: Vec<AbsenceItem>,
    form: AbsenceForm,
    errors: FieldErrors,
}

impl WeekPage {
    fn chosen(&self, id: &i32) -> bool {
        absence::stand_in_id(&self.form.stand_in) == Some(*id)
    }
}

async fn page(
    state: &AppState,
    chrome: Chrome,
    me: &StaffMember,
    now: i64,
    form: AbsenceForm,
    errors: FieldErrors,
) -> AppResult<WeekPage> {
    let today = day_in_france(now);
    let absences = db::week::absence::of_staff(&state.db, me.id, today)
        .await?
        .into_iter()
        .map(|a| AbsenceItem {
            id: a.id,
            words: format!(
                "Du {} au {} : {} vous remplace.",
                french_day(a.from),
                french_day(a.to),
                a.stand_in
            ),
        })
        .collect();
    Ok(WeekPage {
        chrome,
        coordinator: me.role == Role::Coordinator,
        digest_on: db::week::wants_digest(&state.db, me.id).await?,
        colleagues: db::week::absence::colleagues(&state.db, me.id, &me.team_ids).await?,
        absences,
        form,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Now(now): Now,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
) -> AppResult<WeekPage> {
    page(&state, chrome, &me, now, AbsenceForm::default(), FieldErrors::default()).await
}

fn coordinator(me: &StaffMember) -> AppResult<()> {
    if me.role == Role::Coordinator {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Turns the Monday digest on (the box ticked) or off.
pub async fn set_digest(
    State(state): State<AppState>,
    session: Session,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Redirect> {
    coordinator(&me)?;
    let form: DigestForm = parse_body(&body);
    let on = form.digest == "oui";
    db::week::set_digest(&state.db, me.id, on).await?;
    let message = if on {
        "C'est enregistré : vous recevrez le résumé chaque lundi matin."
    } else {
        "C'est enregistré : vous ne recevrez plus le résumé du lundi."
    };
    crate::web::flash::set(&session, message).await?;
    Ok(Redirect::to(PATH))
}

/// Records an absence, or shows the form again with what was typed and why it was refused.
pub async fn record_absence(
    State(state): State<AppState>,
    Now(now): Now,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Response> {
    coordinator(&me)?;
    let form: AbsenceForm = parse_body(&body);
    let stand_in_teams = match absence::stand_in_id(&form.stand_in) {
        Some(id) => db::week::absence::coordinator_teams(&state.db, id).await?,
        None => None,
    };
    let typed = Typed {
        from: &form.from,
        to: &form.to,
        stand_in: &form.stand_in,
    };
    let cx = Context {
        me: me.id,
        my_teams: &me.team_ids,
        today: day_in_france(now),
        stand_in_teams: stand_in_teams.as_deref(),
    };
    match absence::check(&typed, &cx) {
        Ok(a) => {
            db::week::absence::record(&state.db, &a, now).await?;
            tracing::info!(staff_id = me.id, stand_in_id = a.stand_in_id, "absence recorded");
            crate::web::flash::set(
                &session,
                "Absence enregistrée : votre collègue recevra les alertes et le résumé du lundi pendant ces jours.",
            )
            .await?;
            Ok(Redirect::to(PATH).into_response())
        }
        Err(refusals) => {
            let mut errors = FieldErrors::default();
            for (field, message) in refusals {
                errors.add(field, message);
            }
            Ok(page(&state, chrome, &me, now, form, errors).await?.into_response())
        }
    }
}

/// Removes one of one's own absences (back to normal at once).
pub async fn cancel_absence(
    State(state): State<AppState>,
    session: Session,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    if !db::week::absence::cancel(&state.db, id, me.id).await? {
        return Err(AppError::NotFound);
    }
    crate::web::flash::set(
        &session,
        "Absence supprimée : vous recevez de nouveau vos alertes et votre résumé.",
    )
    .await?;
    Ok(Redirect::to(PATH))
}
