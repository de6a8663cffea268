//! How a person is told something: the one decision, for every message binome sends. By
//! e-mail when they have an address; otherwise by their coordinator, on the phone, as a call
//! task with the words to say; by letter for someone who chose the post and gave an address;
//! by SMS for someone who chose it and did not answer STOP (`notice::Told` writes each).

use super::profile::{ContactChannel, Profile};
use super::sms::is_mobile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach<'a> {
    /// An e-mail to this address (and a link, when the message asks something).
    Email(&'a str),
    /// A call by the coordinator: a task on the desk and the call sheet.
    Call,
    /// A letter to this postal address, printed by the team (« Courriers à imprimer »).
    Letter(&'a str),
    /// An SMS to this French mobile number (national form, "0612345678"): the person chose
    /// SMS and did not answer STOP.
    Sms(&'a str),
}

impl<'a> Reach<'a> {
    pub fn of(profile: &'a Profile) -> Self {
        if profile.contact_channel == ContactChannel::Sms
            && profile.sms_stopped_at.is_none()
            && let Some(phone) = profile.phone.as_deref().filter(|p| is_mobile(p))
        {
            return Reach::Sms(phone);
        }
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
            Reach::Call | Reach::Letter(_) | Reach::Sms(_) => None,
        }
    }

    pub fn by_email(self) -> bool {
        self.address().is_some()
    }

    /// Whether the person is asked questions in writing (a link by e-mail, or an SMS to
    /// answer), rather than by a call of the coordinator.
    pub fn in_writing(self) -> bool {
        matches!(self, Reach::Email(_) | Reach::Sms(_))
    }
}
