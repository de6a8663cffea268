//! Telling both sides of a binôme about its first meeting: set, moved, cancelled (with the
//! calendar file) or tomorrow (the reminder job). Each side is told by `notice::Told`: an
//! e-mail, or a call task « À prévenir » for someone without an address.

use super::Scheduler;
use crate::db::meetings::Meeting;
use crate::db::pairings::Pairing;
use crate::db::{self, Db, people::Person};
use crate::domain::meeting::calendar::{self, Invite, Method};
use crate::domain::meeting::{place_words, when_words};
use crate::mail::emails::{self, MeetingNews};
use crate::notice::{Call, Told};

/// What happened to the meeting, for the words said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    Set,
    Moved,
    Cancelled,
    Reminder,
}

impl News {
    fn code(self) -> &'static str {
        match self {
            News::Set => "set",
            News::Moved => "moved",
            News::Cancelled => "cancelled",
            News::Reminder => "reminder",
        }
    }
}

/// Where a meeting takes place, in words, and the accessibility page of the place if any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Where {
    pub words: String,
    pub accessibility: Option<String>,
}

/// The place of `meeting`: its venue's name, address and commune, or the place typed.
pub async fn place_of(db: &Db, meeting: &Meeting) -> anyhow::Result<Where> {
    if let Some(id) = meeting.venue_id
        && let Some(v) = db::meetings::venue(db, id).await?
    {
        let commune = db::communes::by_code(db, &v.commune_code)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        return Ok(Where {
            words: place_words(&v.name, &v.address, &commune),
            accessibility: v.accessibility_url,
        });
    }
    Ok(Where {
        words: meeting
            .place
            .clone()
            .unwrap_or_else(|| "lieu à confirmer avec l'équipe".into()),
        accessibility: None,
    })
}

/// The host of the site's address, for the calendar's UID: `https://a.fr:8443/x` → `a.fr`.
pub fn host_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
        .to_string()
}

/// The calendar file of `meeting` for someone meeting `other`.
pub fn calendar_file(
    pairing_id: i32,
    host: &str,
    meeting: &Meeting,
    place: &Where,
    other: &str,
    now_ms: i64,
) -> String {
    let summary = format!("Première rencontre avec {other}");
    let invite = Invite {
        pairing_id,
        host,
        sequence: meeting.sequence,
        starts_at: meeting.starts_at,
        ends_at: meeting.ends_at,
        summary: &summary,
        location: &place.words,
        description: "Rencontre de binôme organisée par l'équipe. Pour changer ou annuler, appelez l'équipe.",
        now_ms,
    };
    let method = if meeting.is_cancelled() {
        Method::Cancel
    } else {
        Method::Publish
    };
    calendar::ics(&invite, method)
}

/// Both sides told of `news` about `meeting` (the calendar file attached, but for a
/// reminder).
pub fn tell_both(
    pairing: &Pairing,
    people: [&Person; 2],
    meeting: &Meeting,
    place: &Where,
    news: News,
    host: &str,
    now_ms: i64,
) -> anyhow::Result<Told> {
    let mut told = Told::default();
    let when = when_words(meeting.starts_at);
    for (side, other) in [(people[0], people[1]), (people[1], people[0])] {
        let other_name = other.profile.first_name.as_str();
        let key = format!(
            "meeting:{}:{}:{}:{}",
            news.code(),
            pairing.id,
            meeting.sequence,
            side.id
        );
        let ics = (news != News::Reminder).then(|| calendar_file(pairing.id, host, meeting, place, other_name, now_ms));
        let text = MeetingNews {
            kind: news.code(),
            other: other_name,
            when: &when,
            place: &place.words,
            accessibility: place.accessibility.as_deref(),
        };
        told.tell(
            side,
            pairing.team_id,
            Some(pairing.id),
            |address| emails::meeting(address, &side.profile.first_name, &text, ics, key),
            || call(news, other_name, &when, &place.words),
        )?;
    }
    Ok(told)
}

fn call(news: News, other: &str, when: &str, place: &str) -> Call {
    match news {
        News::Cancelled => Call {
            what: format!("la rencontre avec {other} est annulée"),
            words: format!(
                "La rencontre avec {other} prévue {when} est annulée. Nous vous dirons quand vous retrouver."
            ),
        },
        News::Reminder => Call {
            what: format!("rappel : rencontre avec {other} demain"),
            words: format!("Demain, vous rencontrez {other}, {when}, à cet endroit : {place}."),
        },
        News::Set | News::Moved => Call {
            what: format!("la rencontre avec {other}"),
            words: format!("Vous allez rencontrer {other} {when}, à cet endroit : {place}."),
        },
    }
}

/// The day before: each side is reminded — unless the meeting moved, was cancelled, already
/// took place (the binôme is no longer just agreed), or the binôme is over.
pub(super) async fn remind(state: &Scheduler<'_>, pairing_id: i32, sequence: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some(p) = db::pairings::pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    let Some(meeting) = db::meetings::of_pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    if p.state != crate::domain::pairing::State::Agreed
        || meeting.is_cancelled()
        || meeting.sequence != sequence
        || meeting.starts_at <= now_ms
    {
        return Ok(());
    }
    let (Some(volunteer), Some(person)) = (
        db::people::by_id(state.db, p.volunteer_id).await?,
        db::people::by_id(state.db, p.beneficiary_id).await?,
    ) else {
        return Ok(());
    };
    let place = place_of(state.db, &meeting).await?;
    let host = host_of(&state.links.url(""));
    let told = tell_both(
        &p,
        [&volunteer, &person],
        &meeting,
        &place,
        News::Reminder,
        &host,
        now_ms,
    )?;
    let notices = told.into_notices();
    db::meetings::remind(state.db, &notices, now_ms).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn the_uid_host_is_the_site_s_host() {
        assert_eq!(host_of("https://binome.example.org"), "binome.example.org");
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("https://a.fr:8443/x/"), "a.fr");
    }
}
