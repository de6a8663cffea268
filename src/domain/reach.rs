//! How a person is told something: the one decision, for every message binome sends. By
//! e-mail when they have an address; otherwise by their coordinator, on the phone, as a call
//! task with the words to say (`notice::Told` writes either). SMS and letters come next, here.

use super::profile::Profile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach<'a> {
    /// An e-mail to this address (and a link, when the message asks something).
    Email(&'a str),
    /// A call by the coordinator: a task on the desk and the call sheet.
    Call,
}

impl<'a> Reach<'a> {
    pub fn of(profile: &'a Profile) -> Self {
        match &profile.email {
            Some(address) => Reach::Email(address.as_str()),
            None => Reach::Call,
        }
    }

    /// The address to write to, when the person is told by e-mail.
    pub fn address(self) -> Option<&'a str> {
        match self {
            Reach::Email(address) => Some(address),
            Reach::Call => None,
        }
    }

    pub fn by_email(self) -> bool {
        self.address().is_some()
    }
}
