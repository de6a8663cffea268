//! One struct per e-mail, rendered from `emails/` (plain text first, HTML beside it).

use crate::domain::email::OutgoingEmail;
use askama::Template;

/// Renders the text and HTML templates of an e-mail into an outbox row.
fn render(
    text: &impl Template,
    html: &impl Template,
    subject: &str,
    to: &str,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    Ok(OutgoingEmail {
        to: to.to_string(),
        subject: subject.to_string(),
        text: text.render()?,
        html: Some(html.render()?),
        ics: None,
        idempotency_key: key,
    })
}

macro_rules! email {
    ($name:ident, $txt:literal, $html:literal, { $($field:ident : $ty:ty),* }) => {
        pub mod $name {
            use askama::Template;
            #[derive(Template)]
            #[template(path = $txt, escape = "none")]
            pub struct Text<'a> { pub first_name: &'a str, $(pub $field: $ty),* }
            #[derive(Template)]
            #[template(path = $html)]
            pub struct Html<'a> { pub first_name: &'a str, $(pub $field: $ty),* }
        }
    };
}

email!(confirm_email, "confirm_email.txt", "confirm_email.html", { link: &'a str });
email!(sign_in_link, "sign_in_link.txt", "sign_in_link.html", { link: &'a str });
email!(already_signed_up, "already_signed_up.txt", "already_signed_up.html", { link: &'a str });
email!(pairing_ended, "pairing_ended.txt", "pairing_ended.html", { other: &'a str, volunteer: bool, asked: bool, link: &'a str });
email!(proposal, "proposal.txt", "proposal.html", { other: &'a str, commune: &'a str, reasons: &'a [String], link: &'a str });
email!(pairing_agreed, "pairing_agreed.txt", "pairing_agreed.html", { other: &'a str, contacts: &'a [String], meeting: &'a str });
email!(checkin, "checkin.txt", "checkin.html", { other: &'a str, link: &'a str, falc: bool, reminder: bool });
email!(agreement_request, "agreement_request.txt", "agreement_request.html", { other: &'a str, link: &'a str });
email!(alert, "alert.txt", "alert.html", { what: &'a str, link: &'a str });
email!(volunteer_approved, "volunteer_approved.txt", "volunteer_approved.html", { link: &'a str, team: &'a str });

pub fn confirm(to: &str, first_name: &str, link: &str, key: String) -> anyhow::Result<OutgoingEmail> {
    render(
        &confirm_email::Text { first_name, link },
        &confirm_email::Html { first_name, link },
        "Confirmez votre adresse e-mail — binome",
        to,
        key,
    )
}

pub fn sign_in(to: &str, first_name: &str, link: &str, key: String) -> anyhow::Result<OutgoingEmail> {
    render(
        &sign_in_link::Text { first_name, link },
        &sign_in_link::Html { first_name, link },
        "Votre lien pour ouvrir votre espace — binome",
        to,
        key,
    )
}

/// To the owner of an address someone used to sign up again: nothing changed, here is the
/// way in (the sign-in page, not a link that opens the space).
pub fn already_signed_up(to: &str, first_name: &str, link: &str, key: String) -> anyhow::Result<OutgoingEmail> {
    render(
        &already_signed_up::Text { first_name, link },
        &already_signed_up::Html { first_name, link },
        "Votre adresse est déjà inscrite — binome",
        to,
        key,
    )
}

pub fn approved(to: &str, first_name: &str, team: &str, link: &str, key: String) -> anyhow::Result<OutgoingEmail> {
    render(
        &volunteer_approved::Text { first_name, link, team },
        &volunteer_approved::Html { first_name, link, team },
        "Votre inscription de bénévole est validée — binome",
        to,
        key,
    )
}

/// To each side of a binôme that ends: kind, without the reason, with a link to say how it
/// went. `asked`: this side asked to stop.
pub fn pairing_ended(
    to: &str,
    first_name: &str,
    other: &str,
    volunteer: bool,
    asked: bool,
    link: &str,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    render(
        &pairing_ended::Text {
            first_name,
            other,
            volunteer,
            asked,
            link,
        },
        &pairing_ended::Html {
            first_name,
            other,
            volunteer,
            asked,
            link,
        },
        "Votre binôme s'arrête — binome",
        to,
        key,
    )
}

/// To the volunteer: a proposed binôme, what brings them together, the link to answer.
pub fn proposal(
    to: &str,
    first_name: &str,
    other: &str,
    commune: &str,
    reasons: &[String],
    link: &str,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    render(
        &proposal::Text {
            first_name,
            other,
            commune,
            reasons,
            link,
        },
        &proposal::Html {
            first_name,
            other,
            commune,
            reasons,
            link,
        },
        "Une proposition de binôme — binome",
        to,
        key,
    )
}

/// To each side once both agreed: the other's chosen contact details and the first meeting.
pub fn pairing_agreed(
    to: &str,
    first_name: &str,
    other: &str,
    contacts: &[String],
    meeting: &str,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    render(
        &pairing_agreed::Text {
            first_name,
            other,
            contacts,
            meeting,
        },
        &pairing_agreed::Html {
            first_name,
            other,
            contacts,
            meeting,
        },
        "Votre binôme commence — binome",
        to,
        key,
    )
}

/// The check-in request (or its reminder), in easy-to-read French for the isolated person.
pub fn checkin(
    to: &str,
    first_name: &str,
    other: &str,
    link: &str,
    falc: bool,
    reminder: bool,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    let subject = if reminder {
        "Rappel : comment se passe votre binôme ? — binome"
    } else {
        "Comment se passe votre binôme ? — binome"
    };
    render(
        &checkin::Text {
            first_name,
            other,
            link,
            falc,
            reminder,
        },
        &checkin::Html {
            first_name,
            other,
            link,
            falc,
            reminder,
        },
        subject,
        to,
        key,
    )
}

/// To a coordinator: an alert awaits on the dashboard. No name, no detail.
pub fn alert(to: &str, first_name: &str, what: &str, link: &str, key: String) -> anyhow::Result<OutgoingEmail> {
    render(
        &alert::Text { first_name, what, link },
        &alert::Html { first_name, what, link },
        "Une alerte vous attend — binome",
        to,
        key,
    )
}

/// To the isolated person, once the volunteer accepted: do you agree? (easy to read)
pub fn agreement_request(
    to: &str,
    first_name: &str,
    other: &str,
    link: &str,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    render(
        &agreement_request::Text {
            first_name,
            other,
            link,
        },
        &agreement_request::Html {
            first_name,
            other,
            link,
        },
        "Une personne bénévole voudrait vous rencontrer — binome",
        to,
        key,
    )
}

email!(meeting, "meeting.txt", "meeting.html", { other: &'a str, kind: &'a str, when: &'a str, place: &'a str, accessibility: Option<&'a str>, attached: bool });

/// What an e-mail about a first meeting says: it is set, moved, cancelled, or tomorrow.
pub struct MeetingNews<'a> {
    /// "set", "moved", "cancelled" or "reminder".
    pub kind: &'a str,
    pub other: &'a str,
    pub when: &'a str,
    pub place: &'a str,
    pub accessibility: Option<&'a str>,
}

/// To one side of a binôme: its first meeting, with the calendar file `ics` when given.
pub fn meeting(
    to: &str,
    first_name: &str,
    news: &MeetingNews,
    ics: Option<String>,
    key: String,
) -> anyhow::Result<OutgoingEmail> {
    let MeetingNews {
        kind,
        other,
        when,
        place,
        accessibility,
    } = *news;
    let attached = ics.is_some();
    let subject = match kind {
        "cancelled" => "Rencontre annulée — binome",
        "reminder" => "Rappel : votre rencontre de demain — binome",
        "moved" => "Votre rencontre change — binome",
        _ => "Votre première rencontre — binome",
    };
    let mut email = render(
        &meeting::Text {
            first_name,
            other,
            kind,
            when,
            place,
            accessibility,
            attached,
        },
        &meeting::Html {
            first_name,
            other,
            kind,
            when,
            place,
            accessibility,
            attached,
        },
        subject,
        to,
        key,
    )?;
    email.ics = ics;
    Ok(email)
}
