//! An e-mail ready to be stored in the outbox: rendered, addressed, with its idempotency key.

#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// A calendar file (.ics) attached, its METHOD inside (`domain::meeting::calendar`).
    pub ics: Option<String>,
    /// Scheduling the same key twice stores one e-mail.
    pub idempotency_key: String,
}

impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingEmail")
            .field("key", &self.idempotency_key)
            .finish_non_exhaustive()
    }
}
