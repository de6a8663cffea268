//! "Proposer des binômes": a coordinator runs an optimal round on their team, reviews each
//! proposal with its reasons, and approves it, rejects it (never proposed again) or swaps the
//! volunteer for one of the next best. "Chercher un·e bénévole" shows the best five for one person.

use crate::app::AppState;
use crate::db::suggestions::ProposalEmail;
use crate::db::{self, people::Person, suggestions::Suggestion};
use crate::domain::link::Kind;
use crate::domain::reach::Reach;
use crate::domain::reciprocity;
use crate::epoch_ms;
use crate::links;
use crate::mail::emails;
use crate::rounds::{self, Live};
use crate::web::dashboard::pager::{Pager, Section};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentCoordinator;
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use tower_sessions::Session;

/// 403 unless the caller runs team `team_id`'s rounds.
fn allowed_team(coordinator: &CurrentCoordinator, team_id: i32) -> AppResult<()> {
    if coordinator.runs(team_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn live(state: &AppState, team_id: i32) -> AppResult<Live> {
    Ok(rounds::load(&state.db, &state.communes, team_id, state.clock.now()).await?)
}

pub struct Card {
    pub suggestion: Suggestion,
    pub beneficiary: String,
    pub volunteer: String,
    /// Next best volunteers: (person id, "name — score").
    pub alternatives: Vec<(i32, String)>,
}

pub struct Unmatched {
    pub id: i32,
    pub name: String,
    pub reason: String,
    pub suggestions: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "proposals/list.html")]
pub struct ProposalsPage {
    chrome: Chrome,
    teams: Vec<db::teams::Team>,
    team_id: i32,
    cards: Option<Section<Card>>,
    unmatched: Option<Section<Unmatched>>,
    /// Open binômes: (id, "A avec B", state).
    pairings: Option<Section<(i32, String, &'static str)>>,
}

/// The team shown and the page of each list; only the rows of a page are computed (the
/// alternatives and the why-not of a big team's thousands of people cost the most).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamQuery {
    equipe: Option<i32>,
    propositions_page: String,
    binomes_page: String,
    sans_page: String,
}

/// One page of `all`, with its pager on `/propositions`.
fn page_of<T>(all: Vec<T>, team_id: i32, param: &'static str, anchor: &'static str, raw: &str) -> (Vec<T>, Pager) {
    let pager = Pager {
        path: "/propositions",
        param,
        anchor,
        page: 1,
        total: 0,
        base: format!("equipe={team_id}"),
    };
    pager.slice(all, raw)
}

fn name(p: &Person) -> String {
    p.full_name()
}

pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    coordinator: CurrentCoordinator,
    Query(q): Query<TeamQuery>,
) -> AppResult<ProposalsPage> {
    let Some(team_id) = q.equipe.or_else(|| coordinator.teams.first().map(|t| t.id)) else {
        return Ok(ProposalsPage {
            chrome,
            teams: coordinator.teams,
            team_id: 0,
            cards: None,
            unmatched: None,
            pairings: None,
        });
    };
    allowed_team(&coordinator, team_id)?;
    let live = crate::web::live_cache::for_reading(&state, team_id).await?;
    let names: HashMap<i32, String> = live
        .beneficiaries
        .iter()
        .chain(live.volunteers.iter())
        .map(|p| (p.id, name(p)))
        .collect();
    let open = db::suggestions::open_suggestions(&state.db, &[team_id]).await?;
    let proposed: HashSet<i32> = open.iter().map(|s| s.beneficiary_id).collect();
    let (shown, cards_pager) = page_of(open, team_id, "propositions_page", "a-decider", &q.propositions_page);
    let mut cards = Vec::new();
    for s in shown {
        let alternatives = match live.beneficiary_index(s.beneficiary_id) {
            Some(b) => live
                .best_for(b, 6)
                .into_iter()
                .filter(|(v, _)| v.id != s.volunteer_id)
                .take(5)
                .map(|(v, t)| (v.id, format!("{} — {:.0} points", name(&v), t.score)))
                .collect(),
            None => Vec::new(),
        };
        let fallback = |id: i32| names.get(&id).cloned().unwrap_or_else(|| format!("n° {id}"));
        cards.push(Card {
            beneficiary: fallback(s.beneficiary_id),
            volunteer: fallback(s.volunteer_id),
            alternatives,
            suggestion: s,
        });
    }
    let without: Vec<usize> = (live.beneficiaries.iter().enumerate())
        .filter(|(_, person)| !proposed.contains(&person.id))
        .map(|(b, _)| b)
        .collect();
    let (shown, unmatched_pager) = page_of(without, team_id, "sans_page", "sans-proposition", &q.sans_page);
    let unmatched = shown
        .into_iter()
        .map(|b| {
            let person = &live.beneficiaries[b];
            let why = live.why_not(b as u32);
            Unmatched {
                id: person.id,
                name: name(person),
                reason: why.reason,
                suggestions: why.suggestions,
            }
        })
        .collect();
    let open = db::pairings::open_pairings(&state.db, &[team_id]).await?;
    let (open, pairings_pager) = page_of(open, team_id, "binomes_page", "en-cours", &q.binomes_page);
    let people: Vec<i32> = open.iter().flat_map(|p| [p.beneficiary_id, p.volunteer_id]).collect();
    let full_names = db::dashboard::full_names(&state.db, &people).await?;
    let name_of = |id: i32| full_names.get(&id).cloned().unwrap_or_default();
    let pairings = open
        .into_iter()
        .map(|p| {
            let names = format!("{} avec {}", name_of(p.beneficiary_id), name_of(p.volunteer_id));
            (p.id, names, p.state.label())
        })
        .collect();
    let cards = Some(Section::new(cards, cards_pager));
    let unmatched = Some(Section::new(unmatched, unmatched_pager));
    let pairings = Some(Section::new(pairings, pairings_pager));
    Ok(ProposalsPage {
        chrome,
        teams: coordinator.teams,
        team_id,
        cards,
        unmatched,
        pairings,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TeamForm {
    equipe: String,
    volunteer: String,
}

/// Runs an optimal round on the team and replaces the proposals waiting for a decision.
pub async fn run_round(
    State(state): State<AppState>,
    session: Session,
    coordinator: CurrentCoordinator,
    body: Bytes,
) -> AppResult<Redirect> {
    let form: TeamForm = parse_body(&body);
    let team_id: i32 = form.equipe.parse().map_err(|_| AppError::NotFound)?;
    allowed_team(&coordinator, team_id)?;
    let live = live(&state, team_id).await?;
    let proposals = live.propose();
    let now = state.clock.now();
    db::suggestions::replace_round(
        &state.db,
        team_id,
        &format!("{}", now.timestamp_millis()),
        &proposals,
        epoch_ms(now),
    )
    .await?;
    tracing::info!(team_id, proposals = proposals.len(), "matching round");
    let said = match proposals.len() {
        0 => "Calcul fait : aucune proposition pour l'instant. La « Liste d'attente » du tableau de bord dit pourquoi pour chaque personne.".to_string(),
        1 => "Calcul fait : 1 proposition à examiner ci-dessous.".to_string(),
        n => format!("Calcul fait : {n} propositions à examiner ci-dessous."),
    };
    flash::set(&session, said).await?;
    Ok(Redirect::to(&format!("/propositions?equipe={team_id}")))
}

async fn open_suggestion(state: &AppState, coordinator: &CurrentCoordinator, id: i64) -> AppResult<Suggestion> {
    let s = db::suggestions::suggestion(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    allowed_team(coordinator, s.team_id)?;
    Ok(s)
}

pub async fn approve(
    State(state): State<AppState>,
    Now(now_ms): Now,
    coordinator: CurrentCoordinator,
    session: Session,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    let s = open_suggestion(&state, &coordinator, id).await?;
    let me = coordinator.me;
    let by = format!("{} ({})", me.name, me.role.label());
    let volunteer = db::people::by_id(&state.db, s.volunteer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = db::people::by_id(&state.db, s.beneficiary_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let commune = db::communes::label_of(&state.db, person.profile.commune_code()).await?;
    // A volunteer always has an address (it is how they signed up); without one, the
    // coordinator tells them by phone and nothing is e-mailed.
    let proposal = match Reach::of(&volunteer.profile) {
        Reach::Email(address) => {
            let minted = links::mint(Kind::Proposal, now_ms);
            let link = state.config.link(&minted.path);
            let key = format!("proposal:{}", s.id);
            let first = &volunteer.profile.first_name;
            let reasons = reciprocity::reasons_for_volunteer(s.reasons.clone(), &person.profile);
            let email = emails::proposal(
                address,
                first,
                &person.profile.first_name,
                &commune,
                &reasons,
                &link,
                key,
            )?;
            Some(ProposalEmail {
                link: minted.sealed,
                email,
            })
        }
        // Volunteers sign up with an e-mail address; never by SMS or post.
        Reach::Call | Reach::Letter(_) | Reach::Sms(_) => None,
    };
    let told = if proposal.is_some() {
        "reçoit un e-mail pour accepter ou refuser (7 jours)"
    } else {
        "n'a pas d'e-mail : appelez-la pour lui proposer ce binôme"
    };
    db::suggestions::approve(&state.db, &s, me.id, &by, proposal, now_ms).await?;
    let message = format!(
        "Proposition approuvée : {} {told}. Sa réponse s'affichera sur le tableau de bord.",
        volunteer.profile.first_name
    );
    flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/propositions?equipe={}", s.team_id)))
}

pub async fn reject(
    State(state): State<AppState>,
    coordinator: CurrentCoordinator,
    session: Session,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    let s = open_suggestion(&state, &coordinator, id).await?;
    let me = coordinator.me;
    db::suggestions::reject(&state.db, &s, me.id, state.clock.now_ms()).await?;
    flash::set(
        &session,
        "Proposition écartée : ces deux personnes ne seront plus proposées ensemble.",
    )
    .await?;
    Ok(Redirect::to(&format!("/propositions?equipe={}", s.team_id)))
}

/// Swaps the volunteer for one of the feasible next best (checked again here).
pub async fn swap(
    State(state): State<AppState>,
    coordinator: CurrentCoordinator,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Redirect> {
    let s = open_suggestion(&state, &coordinator, id).await?;
    let me = coordinator.me;
    let form: TeamForm = parse_body(&body);
    let back = Redirect::to(&format!("/propositions?equipe={}", s.team_id));
    let Ok(volunteer_id) = form.volunteer.parse::<i32>() else {
        return Ok(back);
    };
    let live = live(&state, s.team_id).await?;
    let Some(b) = live.beneficiary_index(s.beneficiary_id) else {
        return Ok(back);
    };
    let Some((_, t)) = live
        .best_for(b, usize::MAX)
        .into_iter()
        .find(|(v, _)| v.id == volunteer_id)
    else {
        return Ok(back);
    };
    let replacement = db::suggestions::NewSuggestion {
        beneficiary_id: s.beneficiary_id,
        volunteer_id,
        score: t.score,
        distance_km: t.distance_km.unwrap_or(0.0),
        mode: t.mode.code().to_string(),
        reasons: t.reasons,
    };
    db::suggestions::swap(&state.db, &s, &replacement, me.id, state.clock.now_ms()).await?;
    Ok(back)
}

#[derive(Template, WebTemplate)]
#[template(path = "proposals/best.html")]
pub struct BestPage {
    chrome: Chrome,
    person: Person,
    best: Vec<(Person, crate::matching::top::Suggestion)>,
    why_not: Option<crate::matching::why_not::WhyNot>,
    waiting: bool,
}

/// "Chercher un·e bénévole": the five best feasible volunteers for one waiting person.
pub async fn best(
    State(state): State<AppState>,
    chrome: Chrome,
    coordinator: CurrentCoordinator,
    Path(id): Path<i32>,
) -> AppResult<BestPage> {
    let person = db::people::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let team_id = person.team_id.ok_or(AppError::NotFound)?;
    allowed_team(&coordinator, team_id)?;
    let live = crate::web::live_cache::for_reading(&state, team_id).await?;
    let Some(b) = live.beneficiary_index(id) else {
        return Ok(BestPage {
            chrome,
            person,
            best: vec![],
            why_not: None,
            waiting: false,
        });
    };
    let best = live.best_for(b, 5);
    let why_not = best.is_empty().then(|| live.why_not(b));
    Ok(BestPage {
        chrome,
        person,
        best,
        why_not,
        waiting: true,
    })
}
