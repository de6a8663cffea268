//! The calendar file (.ics, RFC 5545) each side of a binôme receives with the e-mail about
//! its first meeting, written by the `icalendar` crate: one UID per binôme, kept across
//! changes, its SEQUENCE raised at each change; `METHOD:PUBLISH` for a meeting set or moved,
//! `METHOD:CANCEL` (same UID) when it is cancelled. Times are in UTC.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

/// What a calendar file says of a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite<'a> {
    pub pairing_id: i32,
    /// The host of the site's address (`binome.example.org`), for a UID unique in the world.
    pub host: &'a str,
    pub sequence: i32,
    pub starts_at: i64,
    pub ends_at: i64,
    /// "Première rencontre avec Denise".
    pub summary: &'a str,
    /// The place, with its address.
    pub location: &'a str,
    pub description: &'a str,
    /// When the file is written (DTSTAMP).
    pub now_ms: i64,
}

/// The method of a calendar file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Cancel,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Cancel => "CANCEL",
        }
    }

    /// The method written in a calendar file's text, if any.
    pub fn of(ics: &str) -> Option<Self> {
        ics.lines()
            .find_map(|l| l.trim_end().strip_prefix("METHOD:"))
            .and_then(|m| match m {
                "PUBLISH" => Some(Method::Publish),
                "CANCEL" => Some(Method::Cancel),
                _ => None,
            })
    }
}

/// The UID of a binôme's first meeting, the same for every version of it.
pub fn uid(pairing_id: i32, host: &str) -> String {
    format!("rencontre-{pairing_id}@{host}")
}

fn utc(epoch_ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(epoch_ms).unwrap_or_default()
}

/// The text of the calendar file (CRLF lines, folded and escaped by the crate).
pub fn ics(invite: &Invite, method: Method) -> String {
    let mut event = icalendar::Event::new();
    event
        .uid(&uid(invite.pairing_id, invite.host))
        .sequence(u32::try_from(invite.sequence).unwrap_or(0))
        .timestamp(utc(invite.now_ms))
        .starts(utc(invite.starts_at))
        .ends(utc(invite.ends_at))
        .summary(invite.summary)
        .location(invite.location)
        .description(invite.description)
        .status(match method {
            Method::Publish => EventStatus::Confirmed,
            Method::Cancel => EventStatus::Cancelled,
        });
    let mut calendar = Calendar::new();
    calendar
        .append_property(Property::new("METHOD", method.code()))
        .push(event.done());
    calendar.done().to_string()
}
