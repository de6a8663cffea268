//! The binômes a person sees in her own space, and names before she stops.

use crate::app::AppState;
use crate::db::{self, people::Person};
use crate::domain::dates::french_date;
use crate::domain::pairing::State as PairingState;
use crate::domain::person::Kind;
use crate::domain::profile::spaced_phone;
use crate::web::error::AppResult;

/// One of her binômes, as she may know it: the other's first name and commune, never more.
pub struct OwnPairing {
    pub first_name: String,
    pub commune: String,
    /// Where the binôme stands, in her words.
    pub stage: &'static str,
    /// Still a proposal: stopping withdraws it rather than ending a binôme.
    pub proposal: bool,
    pub next_checkin: Option<String>,
    pub team: String,
    /// The team's phone number when the team gave one: (digits to dial, grouped in pairs).
    pub team_phone: Option<(String, String)>,
    /// The team's transport solidaire, when one of the two has no transport.
    pub transport: Option<crate::domain::transport::Contact>,
}

/// Her binômes not ended yet. A person is not told of a proposal before the volunteer
/// accepted and the team asked her.
pub async fn own_pairings(state: &AppState, person: &Person) -> AppResult<Vec<OwnPairing>> {
    let mut own = Vec::new();
    for (id, other_id) in db::pairings::open_pairings_of(&state.db, person.id).await? {
        let Some(pairing) = db::pairings::pairing(&state.db, id).await? else {
            continue;
        };
        let proposal = matches!(pairing.state, PairingState::Proposed | PairingState::Accepted);
        if proposal && person.kind == Kind::Beneficiary {
            continue;
        }
        let Some(other) = db::people::by_id(&state.db, other_id).await? else {
            continue;
        };
        let next_checkin = db::jobs::next_checkin_due(&state.db, id).await?.map(french_date);
        let team = db::teams::by_id(&state.db, pairing.team_id).await?;
        let (beneficiary, volunteer) = match person.kind {
            Kind::Beneficiary => (person, &other),
            Kind::Volunteer => (&other, person),
        };
        let transport = crate::web::pairings::transport_for(state, pairing.team_id, beneficiary, volunteer).await?;
        own.push(OwnPairing {
            transport,
            commune: db::communes::label_of(&state.db, other.profile.commune_code()).await?,
            first_name: other.profile.first_name,
            stage: stage(pairing.state),
            proposal,
            next_checkin,
            team_phone: team
                .as_ref()
                .and_then(|t| t.contact.phone.as_deref())
                .map(|p| (p.to_string(), spaced_phone(p))),
            team: team.map(|t| t.name).unwrap_or_default(),
        });
    }
    Ok(own)
}

fn stage(state: PairingState) -> &'static str {
    match state {
        PairingState::Proposed => "proposition à laquelle répondre (voir l'e-mail reçu)",
        PairingState::Accepted => "vous avez accepté ; l'équipe demande son accord",
        PairingState::Agreed => "d'accord tous les deux ; l'équipe prépare la première rencontre",
        PairingState::Introduced => "première rencontre faite",
        PairingState::Active => "en cours",
        PairingState::Paused => "en pause",
        PairingState::Declined | PairingState::Expired | PairingState::Ended => "terminé",
    }
}
