//! How a person is told something: the one decision, for every message binome sends. By
//! e-mail when they have an address; otherwise by their coordinator, on the phone, as a call
//! task with the words to say; by letter for someone who chose the post and gave an address
//! (`notice::Told` writes each).

use super::profile::{ContactChannel, Profile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach<'a> {
    /// An e-mail to this address (and a link, when the message asks something).
    Email(&'a str),
    /// A call by the coordinator: a task on the desk and the call sheet.
    Call,
    /// A letter to this postal address, printed by the team (« Courriers à imprimer »).
    Letter(&'a str),
}

impl<'a> Reach<'a> {
    pub fn of(profile: &'a Profile) -> Self {
        if profile.contact_channel == ContactChannel::Postal
            && let Some(postal) = profile.postal_address.as_deref()
        {
            return Reach::Letter(postal);
        }
        match &profile.email {
            Some(address) => Reach::Email(address.as_str()),
            None => Reach::Call,
        }
    }

    /// The address to write to, when the person is told by e-mail.
    pub fn address(self) -> Option<&'a str> {
        match self {
            Reach::Email(address) => Some(address),
            Reach::Call | Reach::Letter(_) => None,
        }
    }

    pub fn by_email(self) -> bool {
        self.address().is_some()
    }
}
