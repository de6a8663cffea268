//! Volunteers and isolated people: their kinds and the statuses they go through.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Volunteer,
    Beneficiary,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Volunteer => "volunteer",
            Kind::Beneficiary => "beneficiary",
        }
    }

    /// None for a code this version does not know.
    pub fn parse(code: &str) -> Option<Self> {
        [Kind::Volunteer, Kind::Beneficiary]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Volunteer => "Bénévole",
            Kind::Beneficiary => "Personne accompagnée",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Volunteer who has not clicked the confirmation link yet.
    EmailUnconfirmed,
    /// Volunteer waiting for a coordinator's decision.
    ToValidate,
    /// Volunteer approved: can be matched.
    Approved,
    /// Volunteer not retained by the coordinator.
    Declined,
    /// Isolated person on the waiting list.
    Waiting,
    /// Taking a break: not matched.
    Paused,
    /// Left, or withdrew consent.
    Left,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::EmailUnconfirmed,
        Status::ToValidate,
        Status::Approved,
        Status::Declined,
        Status::Waiting,
        Status::Paused,
        Status::Left,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::EmailUnconfirmed => "email_unconfirmed",
            Status::ToValidate => "to_validate",
            Status::Approved => "approved",
            Status::Declined => "declined",
            Status::Waiting => "waiting",
            Status::Paused => "paused",
            Status::Left => "left",
        }
    }

    /// None for a code this version does not know.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::EmailUnconfirmed => "adresse e-mail à confirmer",
            Status::ToValidate => "à valider",
            Status::Approved => "validé·e",
            Status::Declined => "non retenu·e",
            Status::Waiting => "en attente",
            Status::Paused => "en pause",
            Status::Left => "parti·e",
        }
    }

    /// What `pause` leads to, if the person may pause now.
    pub fn paused(self) -> Option<Status> {
        matches!(self, Status::Approved | Status::Waiting).then_some(Status::Paused)
    }

    /// What `resume` leads to for this kind, if the person is paused.
    pub fn resumed(self, kind: Kind) -> Option<Status> {
        (self == Status::Paused).then_some(match kind {
            Kind::Volunteer => Status::Approved,
            Kind::Beneficiary => Status::Waiting,
        })
    }

    /// A coordinator decides only on volunteers waiting for validation.
    pub fn can_be_decided(self) -> bool {
        self == Status::ToValidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_people_pause_and_only_paused_people_resume() {
        assert_eq!(Status::Approved.paused(), Some(Status::Paused));
        assert_eq!(Status::Left.paused(), None);
        assert_eq!(Status::Paused.resumed(Kind::Beneficiary), Some(Status::Waiting));
        assert_eq!(Status::Paused.resumed(Kind::Volunteer), Some(Status::Approved));
        assert_eq!(Status::Waiting.resumed(Kind::Beneficiary), None);
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_do_not_parse() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
        for k in [Kind::Volunteer, Kind::Beneficiary] {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        assert_eq!(Status::parse("gone"), None, "not a silent « left »");
        assert_eq!(Kind::parse("Volunteer"), None, "not a silent « beneficiary »");
    }
}
