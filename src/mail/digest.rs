//! The Monday digest e-mail: one per coordinator (or colleague standing in), the lines of
//! `domain::week::digest` with a link to the desk's list each — numbers only.

use crate::domain::email::OutgoingEmail;
use crate::domain::week::digest::TeamWeek;
use askama::Template;

/// One line as the e-mail shows it.
pub struct LinePart {
    pub label: String,
    pub count: i64,
    pub link: String,
}

/// One team's part of the e-mail.
pub struct TeamPart {
    pub name: String,
    pub lines: Vec<LinePart>,
}

impl TeamPart {
    /// The team's lines, each linking to its list on the team's desk at `desk` (an address).
    pub fn of(week: &TeamWeek, desk: &str) -> Self {
        TeamPart {
            name: week.name.clone(),
            lines: week
                .lines()
                .into_iter()
                .map(|l| LinePart {
                    link: format!("{desk}?equipe={}#{}", week.team_id, l.anchor),
                    label: l.label,
                    count: l.count,
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "digest.txt", escape = "none")]
struct Text<'a> {
    first_name: &'a str,
    week: &'a str,
    teams: &'a [TeamPart],
    replacing: &'a [String],
    account_link: &'a str,
}

#[derive(Template)]
#[template(path = "digest.html")]
struct Html<'a> {
    first_name: &'a str,
    week: &'a str,
    teams: &'a [TeamPart],
    replacing: &'a [String],
    account_link: &'a str,
}

/// What one digest e-mail says.
pub struct Digest<'a> {
    pub to: &'a str,
    pub name: &'a str,
    /// The Monday, in words ("7 décembre 2026").
    pub week: &'a str,
    pub teams: &'a [TeamPart],
    /// "Camille Martin (absente jusqu'au 20 décembre 2026)" for each coordinator replaced.
    pub replacing: &'a [String],
    /// « Mon compte », where the digest is turned off.
    pub account_link: &'a str,
    pub key: String,
}

pub fn digest(d: Digest<'_>) -> anyhow::Result<OutgoingEmail> {
    let text = Text {
        first_name: d.name,
        week: d.week,
        teams: d.teams,
        replacing: d.replacing,
        account_link: d.account_link,
    };
    let html = Html {
        first_name: d.name,
        week: d.week,
        teams: d.teams,
        replacing: d.replacing,
        account_link: d.account_link,
    };
    Ok(OutgoingEmail {
        to: d.to.to_string(),
        subject: format!("Votre semaine du lundi {} — binome", d.week),
        text: text.render()?,
        html: Some(html.render()?),
        ics: None,
        idempotency_key: d.key,
    })
}
