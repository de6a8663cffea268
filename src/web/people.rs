//! Staff pages about people: the lists a coordinator or a référent works from, one person's
//! record with the consent log, the approval checklist, and withdrawal recorded by staff.

use crate::app::AppState;
use crate::db::{
    self,
    people::{ConsentRecord, Person, RosterRow},
};
use crate::domain::access::{can_manage, may_withdraw};
use crate::domain::account::Role;
use crate::domain::duration::whole_days_between;
use crate::domain::person::{Kind, Status};
use crate::domain::reach::Reach;
use crate::mail::emails;
use crate::notice::Told;
use crate::web::dashboard::pager::{Pager, Section};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::extract::Now;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

/// A person in a list: what a coordinator needs at a glance.
pub struct Row {
    pub id: i32,
    pub name: String,
    pub commune: String,
    pub status: Status,
    pub days_waiting: Option<i64>,
}

async fn rows(state: &AppState, people: &[RosterRow], now_ms: i64) -> AppResult<Vec<Row>> {
    let codes: Vec<String> = people.iter().map(|p| p.commune.clone()).collect();
    let communes: HashMap<String, String> = db::communes::by_codes(&state.db, &codes)
        .await?
        .into_iter()
        .map(|c| (c.insee_code.clone(), c.label()))
        .collect();
    Ok(people
        .iter()
        .map(|p| Row {
            id: p.id,
            name: p.name.clone(),
            commune: communes.get(&p.commune).cloned().unwrap_or_else(|| p.commune.clone()),
            status: p.status,
            days_waiting: p.waiting_since.map(|since| whole_days_between(since, now_ms)),
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "people/list.html")]
pub struct ListPage {
    chrome: Chrome,
    referent: bool,
    to_validate: Section<Row>,
    waiting: Section<Row>,
    volunteers: Section<Row>,
    others: Section<Row>,
}

/// The page of each list (`attente_page=3`); anything else is the first page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    valider_page: String,
    attente_page: String,
    benevoles_page: String,
    autres_page: String,
}

pub async fn list(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Query(q): Query<ListQuery>,
) -> AppResult<ListPage> {
    let everyone = db::people::roster(&state.db, me.reader().people()).await?;
    let (mut to_validate, mut waiting, mut volunteers, mut others) = (vec![], vec![], vec![], vec![]);
    for p in everyone {
        match (p.kind, p.status) {
            (Kind::Volunteer, Status::ToValidate) => to_validate.push(p),
            (Kind::Beneficiary, Status::Waiting) => waiting.push(p),
            (Kind::Volunteer, Status::Approved) => volunteers.push(p),
            _ => others.push(p),
        }
    }
    // Only the rows of the page shown are looked up and written: a team of 3,000 people made
    // a page of half a megabyte.
    let section = async |people: Vec<RosterRow>, param: &'static str, anchor: &'static str, raw: &str| {
        let pager = Pager {
            path: "/personnes",
            param,
            anchor,
            page: 1,
            total: 0,
            base: String::new(),
        };
        let (shown, pager) = pager.slice(people, raw);
        AppResult::Ok(Section::new(rows(&state, &shown, now_ms).await?, pager))
    };
    Ok(ListPage {
        chrome,
        referent: me.role == Role::Referent,
        to_validate: section(to_validate, "valider_page", "a-valider", &q.valider_page).await?,
        waiting: section(waiting, "attente_page", "en-attente", &q.attente_page).await?,
        volunteers: section(volunteers, "benevoles_page", "benevoles", &q.benevoles_page).await?,
        others: section(others, "autres_page", "autres", &q.autres_page).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "people/show.html")]
pub struct PersonPage {
    chrome: Chrome,
    person: Person,
    commune: String,
    team: String,
    interests: Vec<String>,
    consents: Vec<(ConsentRecord, i32)>,
    emails: Vec<(String, String, String)>,
    /// Letters written to the person: what about, and whether printed.
    letters: Vec<(String, String)>,
    manage: bool,
    just_signed_up: bool,
    days_waiting: Option<i64>,
    rgpd: crate::web::rgpd::PersonSection,
    /// The timeline and the note form, for staff who manage the person.
    journal: Option<crate::web::timeline::Journal>,
    /// For an isolated person, to staff who manage her: « pas ma commune », and the names
    /// of the volunteers she does not want to meet.
    discretion: Option<(bool, Vec<String>)>,
}

impl PersonPage {
    /// Donnant-donnant, as the team reads it: what the person likes to share (with her own
    /// words), or what the volunteer would like to discover.
    pub fn exchange(&self) -> Option<(&'static str, String)> {
        let p = &self.person.profile;
        match self.person.kind {
            Kind::Volunteer => crate::domain::reciprocity::listed(&p.learns, None).map(|l| ("Aimerait découvrir", l)),
            _ => crate::domain::reciprocity::listed(&p.shares, p.share_note.as_deref()).map(|l| ("Aime partager", l)),
        }
    }

    pub fn date(&self, ms: &i64) -> String {
        crate::domain::dates::french_date_time(*ms)
    }

    pub fn day(&self, stored: &str) -> String {
        crate::domain::dates::french_stored_day(stored)
    }

    /// The phone number in pairs, as people read it.
    pub fn phone(&self) -> Option<String> {
        self.person
            .profile
            .phone
            .as_deref()
            .map(crate::domain::profile::spaced_phone)
    }

    /// How to reach the person, as people say it ("Par téléphone"), not its code.
    pub fn channel(&self) -> &str {
        self.person.profile.contact_channel.label()
    }

    /// The languages by their French names.
    pub fn languages(&self) -> String {
        let names: Vec<&str> = (self.person.profile.languages.iter())
            .map(|code| {
                crate::domain::profile::LANGUAGES
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or(code.as_str(), |(_, label)| *label)
            })
            .collect();
        names.join(" ; ")
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    inscrit: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    Query(q): Query<ShowQuery>,
) -> AppResult<PersonPage> {
    let person = db::access::visible_person(&state.db, &me.reader(), id).await??;
    let commune = db::communes::label_of(&state.db, person.profile.commune_code()).await?;
    let team = db::teams::name_of(&state.db, person.team_id).await?;
    let catalogue = db::interests::active(&state.db).await?;
    let interests = catalogue
        .into_iter()
        .filter(|i| person.profile.interest_ids.contains(&i.id))
        .map(|i| i.label)
        .collect();
    let charters = db::charters::list(&state.db).await?;
    let consents = db::people::consents(&state.db, id)
        .await?
        .into_iter()
        .map(|c| {
            let version = charters.iter().find(|v| v.id == c.charter_id).map_or(0, |v| v.version);
            (c, version)
        })
        .collect();
    let emails = db::outbox::for_person(&state.db, id).await?;
    let letters = db::letters::of_person(&state.db, id)
        .await?
        .into_iter()
        .map(|l| {
            let status = match l.printed_at {
                Some(at) => format!("imprimé le {}", crate::domain::dates::french_date(at)),
                None => format!(
                    "à imprimer (écrit le {})",
                    crate::domain::dates::french_date(l.created_at)
                ),
            };
            (l.title, status)
        })
        .collect();
    let rgpd = crate::web::rgpd::on_view(&state, &me, &person).await?;
    let manage = can_manage(&me.reader(), person.team_id);
    let journal = match manage {
        true => Some(crate::web::timeline::Journal::of_person(&state, id).await?),
        false => None,
    };
    let discretion = match manage && person.kind == Kind::Beneficiary {
        true => Some(discretion_of(&state, id).await?),
        false => None,
    };
    Ok(PersonPage {
        discretion,
        journal,
        chrome,
        rgpd,
        manage,
        days_waiting: person.waiting_since.map(|s| whole_days_between(s, now_ms)),
        person,
        commune,
        team,
        interests,
        consents,
        emails,
        letters,
        just_signed_up: q.inscrit.is_some(),
    })
}

async fn discretion_of(state: &AppState, id: i32) -> AppResult<(bool, Vec<String>)> {
    let d = db::discretion::of_person(&state.db, id).await?;
    let mut names = Vec::new();
    for v in d.avoided {
        if let Some(p) = db::people::by_id(&state.db, v).await? {
            names.push(p.full_name());
        }
    }
    Ok((d.other_commune, names))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Checklist {
    interview: String,
    charter: String,
    training: String,
    decision: String,
}

/// The coordinator records the checklist and approves, declines, or just saves.
pub async fn validate(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    if person.kind != Kind::Volunteer {
        return Err(AppError::Forbidden);
    }
    let form: Checklist = parse_body(&body);
    let checks = [form.interview == "oui", form.charter == "oui", form.training == "oui"];
    let decision = match form.decision.as_str() {
        "approve" => Some((Status::Approved, me.id)),
        "decline" => Some((Status::Declined, me.id)),
        _ => None,
    };
    let mut emails = Vec::new();
    if let (Some((Status::Approved, _)), Reach::Email(address)) = (decision, Reach::of(&person.profile)) {
        let team = db::teams::name_of(&state.db, person.team_id).await?;
        let link = state.config.link("/espace/connexion");
        emails.push(emails::approved(
            address,
            &person.profile.first_name,
            &team,
            &link,
            format!("approved:{id}"),
        )?);
    }
    let what = decision.map_or("étapes de validation", |(s, _)| s.label());
    let journal = [crate::web::rgpd::change(&me, id, what)];
    if db::people::record_checklist(&state.db, id, checks, decision, &emails, &journal, now_ms).await? {
        let message = match decision.map(|(s, _)| s) {
            Some(Status::Approved) => format!(
                "Inscription validée : {} reçoit un e-mail et sera proposé·e au prochain calcul des binômes.",
                person.profile.first_name
            ),
            Some(_) => "Inscription refusée : la personne n'est pas proposée.".to_string(),
            None => "Étapes de validation enregistrées.".to_string(),
        };
        crate::web::flash::set(&session, message).await?;
    }
    Ok(Redirect::to(&format!("/personnes/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "people/withdraw.html")]
pub struct WithdrawPage {
    chrome: Chrome,
    person: Person,
}

pub async fn withdraw_form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<WithdrawPage> {
    let person = db::access::visible_person(&state.db, &me.reader(), id).await??;
    if !may_withdraw(&me.reader(), person.team_id, person.referent_id) {
        return Err(AppError::Forbidden);
    }
    Ok(WithdrawPage { chrome, person })
}

pub async fn withdraw(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let person = db::access::visible_person(&state.db, &me.reader(), id).await??;
    if !may_withdraw(&me.reader(), person.team_id, person.referent_id) {
        return Err(AppError::Forbidden);
    }
    let told = withdrawal_notices(&state, &person).await?;
    let by = format!("{} ({})", me.name, me.role.label());
    let notices = db::pairings::Notices {
        journal: vec![crate::web::rgpd::change(&me, id, "retrait du consentement")],
        ..told.into_notices()
    };
    db::people::withdraw(&state.db, id, &by, &notices, state.clock.now_ms()).await?;
    tracing::info!(person_id = id, staff_id = me.id, "withdrawal recorded by staff");
    Ok(Redirect::to(&format!("/personnes/{id}")))
}

/// The other side of each open pairing is told that it ends (kindly, no reason given): by
/// e-mail, or by a call of the coordinator for someone without an address.
pub async fn withdrawal_notices(state: &AppState, person: &Person) -> AppResult<Told> {
    let mut told = Told::default();
    for (pairing_id, other_id) in db::pairings::open_pairings_of(&state.db, person.id).await? {
        let Some(other) = db::people::by_id(&state.db, other_id).await? else {
            continue;
        };
        let Some(team_id) = other.team_id.or(person.team_id) else {
            continue;
        };
        let volunteer = other.kind == Kind::Volunteer;
        let key = format!("pairing_ended:{pairing_id}:{other_id}");
        let leaver = person.profile.first_name.clone();
        told.tell(
            &other,
            team_id,
            Some(pairing_id),
            |address| emails::pairing_ended(address, &other.profile.first_name, &leaver, volunteer, false, "", key),
            || crate::notice::Call {
                what: format!("{leaver} a arrêté : le binôme s'arrête"),
                words: crate::notice::ended_words(&leaver, volunteer),
            },
        )?;
    }
    Ok(told)
}
