//! The web shell: every route, grouped by who it is for, then the layers every request goes
//! through.

mod account;
mod admin;
mod agreement;
mod assets;
mod assisted_signup;
mod auth;
pub mod catalogue;
mod charter;
mod checkins;
mod commune_field;
pub mod communes;
pub(crate) mod csrf;
pub(crate) mod dashboard;
mod discretion;
pub mod error;
pub mod extract;
mod feedback;
pub mod flash;
pub mod form;
mod health;
mod home;
mod indicators;
mod interests;
mod layers;
mod letters;
pub mod live_cache;
mod meeting;
mod no_answer;
mod notes;
pub mod page;
mod pairing_end;
mod pairings;
pub(crate) mod people;
mod pictos;
pub mod profile_form;
mod proposal_answer;
mod proposals;
pub mod rgpd;
mod second_factor;
mod setup;
pub mod sms_answers;
mod space;
pub mod timeline;
mod unmet;
mod venues;
mod volunteer_signup;
mod volunteer_time;
mod week;
mod weights;

use crate::app::AppState;
use crate::web::error::AppError;
use axum::Router;
use axum::routing::{get, post};

/// Where a staff member turns the second factor on.
pub const SECOND_FACTOR_PATH: &str = "/compte/double-authentification";

/// The site map, by audience: each group says who its pages are for. Access is checked by
/// each handler's extractor (the route × role matrix of tests/it/access/ holds them to it).
///
/// Pages go through the session and the anti-forgery guard; the lean routes (search, health,
/// metrics, static files) render no form and read no session, so they skip both and set no
/// cookie. Every request, lean or not, gets the security headers, is counted in `/metrics`
/// and logged under its route.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .merge(public())
        .merge(by_link())
        .merge(personal_space())
        .merge(staff_account())
        .merge(desk())
        .merge(people_and_binomes())
        .merge(administration())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(layers::sessions(&state));
    pages
        .merge(lean())
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            layers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::count_requests,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(layers::request_span))
        .with_state(state)
}

type Routes = Router<AppState>;

/// Anyone, without a session or a form: the commune autocomplete, the static files, health and
/// metrics for the operator.
fn lean() -> Routes {
    Router::new()
        .route("/api/communes", get(communes::search_json))
        .route("/static/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .route("/sante", get(health::live))
        .route("/sante/pret", get(health::ready))
        .route("/metrics", get(health::metrics))
}

/// Anyone, signed in or not: home, the charter, the register, sign-up as a volunteer, the
/// commune search page.
fn public() -> Routes {
    Router::new()
        .route("/", get(home::show))
        .route("/charte", get(charter::public))
        .route("/charte/imprimer", get(charter::print))
        .route("/donnees-personnelles", get(rgpd::register::public))
        .route(
            "/devenir-benevole",
            get(volunteer_signup::form).post(volunteer_signup::submit),
        )
        .route("/devenir-benevole/merci", get(volunteer_signup::thanks))
        .route("/communes", get(communes::search_page))
        .route("/installation/{token}", get(setup::form).post(setup::create_admin))
}

/// A volunteer or an isolated person, from a single-use link they were sent: the link is the
/// key, nobody signs in.
fn by_link() -> Routes {
    Router::new()
        .route(
            "/confirmer/{token}",
            get(volunteer_signup::confirm_form).post(volunteer_signup::confirm),
        )
        .route(
            "/proposition/{token}",
            get(proposal_answer::show).post(proposal_answer::answer),
        )
        .route("/accord/{token}", get(agreement::form).post(agreement::answer))
        .route("/point/{token}", get(checkins::form).post(checkins::submit))
        .route("/fin/{token}", get(feedback::form).post(feedback::submit))
}

/// A volunteer or an isolated person in their own space, signed in by an e-mailed link.
fn personal_space() -> Routes {
    Router::new()
        .route("/espace", get(space::home))
        .route("/espace/connexion", get(space::sign_in_form).post(space::request_link))
        .route("/espace/lien/{token}", get(space::link_form).post(space::use_link))
        .route("/espace/profil", get(space::profile_form).post(space::save_profile))
        .route("/espace/pause", post(space::pause))
        .route("/espace/reprendre", post(space::resume))
        .route("/espace/arreter", get(space::leave_form).post(space::leave))
        .route("/espace/charte", get(space::consent_form).post(space::sign_consent))
        .route("/espace/benevolat", get(space::time_form).post(space::save_time))
        .route("/espace/benevolat/releve", get(space::time_statement))
        .route("/espace/benevolat/releve.csv", get(space::time_statement_csv))
        .route("/espace/deconnexion", post(space::sign_out))
}

/// Every staff member: signing in and out, their password and second factor.
fn staff_account() -> Routes {
    Router::new()
        .route("/connexion", get(auth::login_form).post(auth::login))
        .route("/connexion/code", get(auth::code_form).post(auth::code))
        .route("/deconnexion", post(auth::logout))
        .route("/compte/mot-de-passe", get(account::form).post(account::change))
        .route(
            "/compte/double-authentification",
            get(second_factor::show).post(second_factor::enable),
        )
        .route(
            "/compte/double-authentification/desactiver",
            post(second_factor::disable),
        )
        .route("/compte/semaine", get(week::show))
        .route("/compte/semaine/resume", post(week::set_digest))
        .route("/compte/semaine/absence", post(week::record_absence))
        .route("/compte/semaine/absence/{id}/annuler", post(week::cancel_absence))
}

/// Coordinators: the desk, its call sheet and alerts, the matching rounds and proposals, the
/// indicators, the people out of reach of every volunteer and the recruiting posters.
fn desk() -> Routes {
    Router::new()
        .route("/tableau-de-bord", get(dashboard::show))
        .route("/tableau-de-bord/appels", get(dashboard::call_sheet))
        .route("/alertes/{id}/fermer", post(dashboard::close_alert))
        .route("/alertes/{id}/sans-reponse", post(no_answer::alert))
        .route("/courriers", get(letters::page))
        .route("/courriers/imprimes", post(letters::printed))
        .route("/propositions", get(proposals::list))
        .route("/propositions/tour", post(proposals::run_round))
        .route("/propositions/{id}/approuver", post(proposals::approve))
        .route("/propositions/{id}/rejeter", post(proposals::reject))
        .route("/propositions/{id}/echanger", post(proposals::swap))
        .route("/indicateurs", get(indicators::page))
        .route("/indicateurs.csv", get(indicators::csv))
        .route("/besoins", get(unmet::page))
        .route("/besoins.csv", get(unmet::csv))
        .route("/besoins/affiche/{code}", get(unmet::poster))
}

/// Coordinators and référents (each within what they may see): people, their sign-up with
/// help, their records and rights, and the binômes.
fn people_and_binomes() -> Routes {
    Router::new()
        .route("/personnes", get(people::list))
        .route(
            "/personnes/inscrire",
            get(assisted_signup::form).post(assisted_signup::submit),
        )
        .route("/personnes/{id}", get(people::show))
        .route("/personnes/{id}/validation", post(people::validate))
        .route("/personnes/{id}/notes", post(notes::on_person))
        .route(
            "/personnes/{id}/discretion",
            get(discretion::form).post(discretion::save),
        )
        .route(
            "/personnes/{id}/retrait",
            get(people::withdraw_form).post(people::withdraw),
        )
        .route("/personnes/{id}/donnees", get(rgpd::export::page))
        .route("/personnes/{id}/donnees.json", get(rgpd::export::json))
        .route("/personnes/{id}/effacer", get(rgpd::erase_form).post(rgpd::erase))
        .route("/personnes/{id}/benevoles", get(proposals::best))
        .route("/personnes/{id}/benevolat", get(volunteer_time::page))
        .route("/personnes/{id}/benevolat.csv", get(volunteer_time::csv))
        .route("/binomes/{id}", get(pairings::show))
        .route("/binomes/{id}/accord", post(pairings::agree))
        .route("/binomes/{id}/rencontre", post(pairings::introduced))
        .route("/binomes/{id}/rencontre-prevue", post(meeting::set))
        .route("/binomes/{id}/rencontre-prevue/annuler", post(meeting::cancel))
        .route("/binomes/{id}/rencontre.ics", get(meeting::ics))
        .route("/equipes/{id}/lieux", get(venues::show).post(venues::add))
        .route("/binomes/{id}/etat", post(pairing_end::change))
        .route("/binomes/{id}/notes", post(notes::on_pairing))
        .route(
            "/binomes/{id}/point/{checkin}",
            get(checkins::call_form).post(checkins::call_submit),
        )
        .route("/binomes/{id}/point/{checkin}/sans-reponse", post(no_answer::checkin))
}

/// Administrators: teams, accounts, the charter, interests, weights, security, the register,
/// the journal and the impact assessment.
fn administration() -> Routes {
    Router::new()
        .route("/admin/equipes", get(admin::teams).post(admin::create_team))
        .route("/admin/equipes/{id}", get(admin::team::show))
        .route("/admin/equipes/{id}/suivi", post(admin::team::set_interval))
        .route("/admin/equipes/{id}/contact", post(admin::team::set_contact))
        .route("/admin/equipes/{id}/sms", post(admin::sms_contract::set))
        .route("/admin/equipes/{id}/transport", post(admin::transport::set))
        .route("/admin/comptes", get(admin::accounts).post(admin::create_account))
        .route("/admin/comptes/{id}", get(admin::account::show))
        .route("/admin/comptes/{id}/desactiver", post(admin::account::disable))
        .route("/admin/comptes/{id}/reactiver", post(admin::account::enable))
        .route("/admin/comptes/{id}/role", post(admin::account::set_role))
        .route("/admin/comptes/{id}/equipes", post(admin::account::set_teams))
        .route("/admin/comptes/{id}/reinitialiser", post(admin::account::reset))
        .route("/admin/charte", get(charter::admin_list).post(charter::create_draft))
        .route("/admin/charte/{id}", get(charter::admin_version))
        .route("/admin/charte/{id}/publier", post(charter::publish))
        .route("/admin/interets", get(interests::list).post(interests::create))
        .route("/admin/interets/{id}", post(interests::toggle))
        .route("/admin/ponderations", get(weights::show).post(weights::save))
        .route(
            "/admin/securite",
            get(second_factor::security).post(second_factor::save_security),
        )
        .route("/admin/registre", get(rgpd::register::edit).post(rgpd::register::save))
        .route("/admin/journal", get(rgpd::journal::show))
        .route("/admin/aipd", get(rgpd::aipd::page))
        .route("/admin/aipd.json", get(rgpd::aipd::json))
}
