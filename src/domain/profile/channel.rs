//! How a person wants to be reached (the intake's choice; `domain::reach` decides from it).

/// How to reach an isolated person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactChannel {
    Email,
    Phone,
    Postal,
    Referent,
    /// By SMS, on a French mobile number (06, 07).
    Sms,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] = [
        ContactChannel::Phone,
        ContactChannel::Sms,
        ContactChannel::Email,
        ContactChannel::Postal,
        ContactChannel::Referent,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContactChannel::Email => "email",
            ContactChannel::Phone => "phone",
            ContactChannel::Postal => "postal",
            ContactChannel::Referent => "referent",
            ContactChannel::Sms => "sms",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactChannel::Email => "Par e-mail",
            ContactChannel::Phone => "Par téléphone",
            ContactChannel::Postal => "Par courrier",
            ContactChannel::Referent => "Par la personne qui m'aide (le référent)",
            ContactChannel::Sms => "Par SMS (téléphone portable)",
        }
    }

    pub fn parse(code: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or("Choisissez comment joindre la personne.")
    }
}
