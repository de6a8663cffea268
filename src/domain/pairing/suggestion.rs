//! Where a computed suggestion stands: waiting for the team's decision, or decided.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// Computed by a round, waiting for the team.
    Suggested,
    /// Approved: it became a binôme, proposed to the volunteer.
    Approved,
    /// Rejected by the team: the pair is never suggested again.
    Rejected,
    /// Replaced by a newer round, or swapped for another volunteer.
    Replaced,
}

impl SuggestionStatus {
    pub const ALL: [SuggestionStatus; 4] = [
        SuggestionStatus::Suggested,
        SuggestionStatus::Approved,
        SuggestionStatus::Rejected,
        SuggestionStatus::Replaced,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SuggestionStatus::Suggested => "suggested",
            SuggestionStatus::Approved => "approved",
            SuggestionStatus::Rejected => "rejected",
            SuggestionStatus::Replaced => "replaced",
        }
    }

    /// None for a code this version does not know.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_do_not_parse() {
        for s in SuggestionStatus::ALL {
            assert_eq!(SuggestionStatus::parse(s.code()), Some(s));
        }
        assert_eq!(SuggestionStatus::parse("Approved"), None);
        assert_eq!(SuggestionStatus::parse(""), None);
    }
}
