//! How a person is told something — the one rule: by e-mail when they have an address, and
//! otherwise by their coordinator, as a call task « À prévenir » on the desk and the call
//! sheet with the words to say, open until the coordinator records the call; by letter for
//! someone who chose the post (the same words, printed from « Courriers à imprimer »). No caller tests
//! `profile.email` itself: `domain::reach::Reach` decides, and `Told::tell` returns what to
//! write in the change's transaction.

use crate::db::checkins::NewAlert;
use crate::db::letters::NewLetter;
use crate::db::pairings::PersonEmail;
use crate::db::people::Person;
use crate::db::sms::NewSms;
use crate::domain::email::OutgoingEmail;
use crate::domain::reach::Reach;
use crate::domain::sms::SmsKind;

/// A short stable digest, for an SMS's idempotency key.
fn short_hash(text: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(text.as_bytes())[..8])
}

/// What to tell someone on the phone: a title for the desk and the words to say.
pub struct Call {
    pub what: String,
    pub words: String,
}

/// Everyone told of one change: e-mails to send, calls for the coordinator to make, letters
/// for the team to print, SMS.
#[derive(Default, Debug)]
pub struct Told {
    pub emails: Vec<PersonEmail>,
    pub calls: Vec<NewAlert>,
    pub letters: Vec<NewLetter>,
    pub sms: Vec<NewSms>,
}

impl Told {
    /// What to write with the change: every channel's messages, nothing forgotten (the caller
    /// adds its journal lines and links).
    pub fn into_notices(self) -> crate::db::pairings::Notices {
        crate::db::pairings::Notices {
            emails: self.emails,
            calls: self.calls,
            letters: self.letters,
            sms: self.sms,
            ..Default::default()
        }
    }

    /// Tells `side` (of `team_id`, about `pairing_id`): the e-mail `email` builds for their
    /// address, the call task when they have none, or the letter (with the call's words) when
    /// they chose the post.
    pub fn tell(
        &mut self,
        side: &Person,
        team_id: i32,
        pairing_id: Option<i32>,
        email: impl FnOnce(&str) -> anyhow::Result<OutgoingEmail>,
        call: impl FnOnce() -> Call,
    ) -> anyhow::Result<()> {
        match Reach::of(&side.profile) {
            Reach::Email(address) => self.emails.push((side.id, email(address)?)),
            Reach::Sms(phone) => {
                // The words the coordinator would say, as the SMS says them (one segment:
                // `texts::signed` cuts a long one and adds the team's number).
                let Call { what, words } = call();
                let key = format!(
                    "notice:{}:{}:{}",
                    side.id,
                    pairing_id.unwrap_or_default(),
                    short_hash(&format!("{what}|{words}"))
                );
                self.sms.push(NewSms {
                    team_id,
                    person_id: Some(side.id),
                    phone: phone.to_string(),
                    body: words,
                    kind: SmsKind::Notice,
                    key,
                });
            }
            Reach::Call => {
                let Call { what, words } = call();
                self.calls.push(NewAlert {
                    team_id,
                    pairing_id,
                    person_id: Some(side.id),
                    kind: crate::domain::alert::AlertKind::ToTell,
                    message: format!("À prévenir : {what}. À dire à {} : « {words} »", side.full_name()),
                });
            }
            Reach::Letter(_) => {
                let Call { what, words } = call();
                self.letters.push(NewLetter {
                    team_id,
                    person_id: side.id,
                    pairing_id,
                    title: what,
                    body: words,
                });
            }
        }
        Ok(())
    }

    /// Whether this side is told by e-mail (and so can be sent a link with it).
    pub fn by_email(side: &Person) -> bool {
        Reach::of(&side.profile).by_email()
    }
}

/// What to say to someone whose binôme ends without their asking (as the e-mail says it).
pub fn ended_words(other: &str, to_volunteer: bool) -> String {
    if to_volunteer {
        format!(
            "Votre binôme avec {other} s'arrête. Merci pour ce temps partagé. L'équipe peut vous proposer une autre personne."
        )
    } else {
        format!(
            "Votre binôme avec {other} s'arrête. Ce n'est pas à cause de vous. L'équipe peut vous proposer une autre personne, quand vous voulez."
        )
    }
}
