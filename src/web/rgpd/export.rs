//! The right of access: everything stored about one person, as a page to read or print and
//! as a JSON file to download. Each export is written in the audit log.

use super::audit;
use crate::app::AppState;
use crate::db::{self, people::Person};
use crate::domain::dates::french_date_time;
use crate::domain::rgpd::Action;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

const TITLES: &[(&str, &str)] = &[
    ("person", "Fiche"),
    ("person_interest", "Centres d'intérêt"),
    ("consent", "Journal des consentements"),
    (
        "person_token",
        "Liens envoyés (le lien lui-même n'est pas montré ; il est effacé de l'e-mail dès l'envoi)",
    ),
    ("outbox", "E-mails"),
    ("suggestion", "Propositions calculées"),
    ("pair_exclusion", "Paires écartées des prochains calculs"),
    ("pairing", "Binômes"),
    ("pairing_transition", "Étapes des binômes"),
    ("job", "Tâches prévues pour les binômes"),
    ("checkin", "Points de suivi"),
    ("alert", "Alertes à l'équipe"),
    ("note", "Notes de l'équipe"),
    ("pairing_feedback", "Avis à la fin d'un binôme"),
    (
        "volunteer_time",
        "Temps de bénévolat (heures en centièmes, kilomètres en dixièmes)",
    ),
    ("web_session", "Connexions en cours"),
    ("person_erasure", "Effacement"),
    ("audit_log", "Journal des consultations et modifications"),
];

const LABELS: &[(&str, &str)] = &[
    ("id", "Numéro"),
    ("kind", "Type"),
    ("status", "Statut"),
    ("first_name", "Prénom"),
    ("last_name", "Nom"),
    ("email", "Adresse e-mail"),
    ("phone", "Téléphone"),
    ("postal_address", "Adresse postale"),
    ("commune", "Commune (code INSEE)"),
    ("team_id", "Équipe (numéro)"),
    ("referent_id", "Référent·e (compte n°)"),
    ("contact_channel", "Moyen de contact"),
    ("slots", "Disponibilités (codées)"),
    ("languages", "Langues"),
    ("formats", "Façons de se voir"),
    ("radius_km", "Distance maximale (km)"),
    ("travel_means", "Moyens de déplacement"),
    ("needs_transport", "Sans voiture ou besoin d'être accompagné·e"),
    ("other_commune", "Souhaite un·e bénévole d'une autre commune"),
    ("capacity", "Binômes en même temps"),
    ("gender", "Genre"),
    ("birth_year", "Année de naissance"),
    ("wants_gender", "Genre souhaité du ou de la bénévole"),
    ("wants_age_min", "Âge minimum souhaité"),
    ("wants_age_max", "Âge maximum souhaité"),
    ("isolation", "Isolement ressenti (0 à 10)"),
    ("shares", "Aime partager"),
    ("share_note", "Aime partager (avec ses mots)"),
    ("learns", "Aimerait découvrir"),
    ("waiting_since", "En attente depuis"),
    ("email_confirmed_at", "Adresse confirmée le"),
    ("check_interview", "Entretien fait"),
    ("check_charter", "Charte expliquée"),
    ("check_training", "Formation suivie"),
    ("decided_at", "Décision le"),
    ("decided_by", "Décision par (compte n°)"),
    ("submission_key", "Clé du formulaire d'inscription"),
    ("created_at", "Créé le"),
    ("updated_at", "Modifié le"),
    ("left_at", "Parti·e le"),
    ("person_id", "Personne (numéro)"),
    ("interest_id", "Centre d'intérêt (numéro)"),
    ("interest", "Centre d'intérêt"),
    ("charter_version_id", "Version de la charte (numéro)"),
    ("content_sha256", "Empreinte du texte signé"),
    ("method", "Façon de signer"),
    ("attested_by", "Attesté par (compte n°)"),
    ("attester_name", "Nom de qui atteste"),
    ("attested_on", "Date de l'attestation"),
    ("signed_at", "Signé le"),
    ("withdrawn_at", "Retiré le"),
    ("withdrawn_by", "Retiré par"),
    ("purpose", "Pour"),
    ("expires_at", "Expire le"),
    ("used_at", "Utilisé le"),
    ("to_address", "Envoyé à"),
    ("subject", "Objet"),
    ("body_text", "Texte (chaque lien remplacé par [lien])"),
    ("run_at", "Prévu le"),
    ("attempts", "Tentatives"),
    ("last_error", "Dernière erreur"),
    ("sent_at", "Envoyé le"),
    ("round_id", "Calcul"),
    ("beneficiary_id", "Personne accompagnée (numéro)"),
    ("volunteer_id", "Bénévole (numéro)"),
    ("score", "Score"),
    ("distance_km", "Distance (km)"),
    ("mode", "Façon de se voir"),
    ("reasons", "Raisons"),
    ("reason", "Raison"),
    ("state", "État"),
    ("end_reason", "Raison de la fin"),
    ("pairing_id", "Binôme (numéro)"),
    ("from_state", "De"),
    ("to_state", "Vers"),
    ("by_who", "Par"),
    ("note", "Note"),
    ("text", "Note"),
    ("at", "Date"),
    ("role", "Rôle"),
    ("number", "Point n°"),
    ("due_at", "Prévu le"),
    ("answered_at", "Répondu le"),
    ("met", "Rencontre"),
    ("mood", "Comment ça va"),
    ("decision", "Suite"),
    ("call_back", "Demande à être rappelé·e"),
    ("comment", "Commentaire"),
    ("answered_by", "Répondu par"),
    ("message", "Message"),
    ("closed_at", "Fermée le"),
    ("closed_by", "Fermée par"),
    ("rating", "Avis"),
    ("wants_another", "Souhaite un autre binôme"),
    ("open_sessions", "Sessions ouvertes"),
    ("erased_at", "Effacé le"),
    ("staff_id", "Compte (numéro)"),
    ("staff_label", "Qui"),
    ("action", "Action"),
    ("detail", "Détail"),
    ("done_at", "Fait le"),
];

fn lookup(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn is_instant(column: &str) -> bool {
    column.ends_with("_at") || column == "at" || column == "waiting_since"
}

/// A stored value as words, one string per line of text.
fn readable(column: &str, value: &Value) -> Vec<String> {
    let text = match value {
        Value::Null => "—".into(),
        Value::Bool(b) => if *b { "oui" } else { "non" }.into(),
        Value::Number(n) if is_instant(column) => n.as_i64().map(french_date_time).unwrap_or_else(|| n.to_string()),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.lines().map(str::to_string).collect()
}

/// One table of the export, in words: rows of (label, lines of the value).
pub struct ReadableSection {
    pub title: String,
    pub rows: Vec<Vec<(String, Vec<String>)>>,
}

/// The columns of a row in the order of [`LABELS`] (the order of the forms), others after.
fn ordered(row: &serde_json::Map<String, Value>) -> Vec<(String, Vec<String>)> {
    let rank = |key: &str| LABELS.iter().position(|(k, _)| *k == key).unwrap_or(LABELS.len());
    let mut keys: Vec<&String> = row.keys().collect();
    keys.sort_by_key(|k| rank(k));
    keys.into_iter()
        .map(|k| {
            (
                lookup(LABELS, k).map_or_else(|| k.clone(), str::to_string),
                readable(k, &row[k]),
            )
        })
        .collect()
}

fn sections(export: &db::rgpd::Export) -> Vec<ReadableSection> {
    export
        .sections
        .iter()
        .map(|s| ReadableSection {
            title: lookup(TITLES, s.table).map_or_else(|| s.table.to_string(), str::to_string),
            rows: s.rows.iter().filter_map(Value::as_object).map(ordered).collect(),
        })
        .collect()
}

async fn load(
    state: &AppState,
    me: &crate::db::staff::StaffMember,
    id: i32,
    what: &str,
) -> AppResult<(Person, db::rgpd::Export)> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    let export = db::rgpd::export(&state.db, id, state.clock.now_ms())
        .await?
        .ok_or(AppError::NotFound)?;
    audit(state, me, Action::Export, id, what).await?;
    Ok((person, export))
}

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/export.html")]
pub struct ExportPage {
    person: Person,
    generated: String,
    sections: Vec<ReadableSection>,
}

pub async fn page(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<ExportPage> {
    let (person, export) = load(&state, &me, id, "page à lire").await?;
    Ok(ExportPage {
        person,
        generated: french_date_time(export.generated_at),
        sections: sections(&export),
    })
}

pub async fn json(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (_, export) = load(&state, &me, id, "fichier JSON").await?;
    let body = serde_json::to_string_pretty(&export).map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"donnees-personne-{id}.json\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
