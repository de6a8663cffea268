//! Single-use links sent by e-mail: what each one is for (its stored code), where it points
//! and how long it works — the one home of every link's lifetime. Only a link's hash is
//! stored; its secret travels in the e-mail (minted by `crate::links::mint`).

use super::duration;
use super::pairing::PROPOSAL_LIFETIME_MS;

/// The kinds of link, before the record they act on is known (a check-in or a binôme created
/// in the same transaction as its link): each has its page and its lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ConfirmEmail,
    SignIn,
    Proposal,
    Agreement,
    CheckIn,
    Feedback,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::ConfirmEmail,
        Kind::SignIn,
        Kind::Proposal,
        Kind::Agreement,
        Kind::CheckIn,
        Kind::Feedback,
    ];

    /// The page the link opens, before its token: `/point/{token}`.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Kind::ConfirmEmail => "/confirmer/",
            Kind::SignIn => "/espace/lien/",
            Kind::Proposal => "/proposition/",
            Kind::Agreement => "/accord/",
            Kind::CheckIn => "/point/",
            Kind::Feedback => "/fin/",
        }
    }

    /// How long the link works after it is sent.
    pub fn lifetime_ms(self) -> i64 {
        match self {
            // A volunteer who never confirms is forgotten once it expires.
            Kind::ConfirmEmail => duration::days(7),
            Kind::SignIn => duration::minutes(10),
            // As long as the volunteer has to answer the proposal.
            Kind::Proposal => PROPOSAL_LIFETIME_MS,
            Kind::Agreement => duration::days(7),
            Kind::CheckIn => duration::days(14),
            Kind::Feedback => duration::days(30),
        }
    }
}

/// What a link is for, with the record it acts on (the person is stored beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A volunteer confirms their e-mail address after signing up.
    ConfirmEmail,
    /// A person signs in to their space.
    SignIn,
    /// A volunteer answers the proposal of this binôme.
    Proposal(i32),
    /// The isolated person agrees to this binôme (or not).
    Agreement(i32),
    /// Someone answers this check-in.
    CheckIn(i32),
    /// Someone says how this ended binôme went.
    Feedback(i32),
}

impl Purpose {
    pub fn kind(self) -> Kind {
        match self {
            Purpose::ConfirmEmail => Kind::ConfirmEmail,
            Purpose::SignIn => Kind::SignIn,
            Purpose::Proposal(_) => Kind::Proposal,
            Purpose::Agreement(_) => Kind::Agreement,
            Purpose::CheckIn(_) => Kind::CheckIn,
            Purpose::Feedback(_) => Kind::Feedback,
        }
    }

    /// The stored code: `checkin:12`, `sign_in`.
    pub fn code(self) -> String {
        match self {
            Purpose::ConfirmEmail => "confirm_email".into(),
            Purpose::SignIn => "sign_in".into(),
            Purpose::Proposal(id) => format!("proposal:{id}"),
            Purpose::Agreement(id) => format!("agreement:{id}"),
            Purpose::CheckIn(id) => format!("checkin:{id}"),
            Purpose::Feedback(id) => format!("feedback:{id}"),
        }
    }

    /// The purpose of a stored code; None for a code this version does not know.
    pub fn parse(code: &str) -> Option<Purpose> {
        match code {
            "confirm_email" => return Some(Purpose::ConfirmEmail),
            "sign_in" => return Some(Purpose::SignIn),
            _ => {}
        }
        let (name, id) = code.split_once(':')?;
        let id: i32 = id.parse().ok()?;
        let purpose = match name {
            "proposal" => Purpose::Proposal(id),
            "agreement" => Purpose::Agreement(id),
            "checkin" => Purpose::CheckIn(id),
            "feedback" => Purpose::Feedback(id),
            _ => return None,
        };
        // One spelling per purpose: `checkin:+7` or `checkin:07` is not a stored code.
        (purpose.code() == code).then_some(purpose)
    }

    pub fn path_prefix(self) -> &'static str {
        self.kind().path_prefix()
    }

    pub fn lifetime_ms(self) -> i64 {
        self.kind().lifetime_ms()
    }
}

/// A minted link as stored, before the record it acts on is known: its kind, the hash of
/// its secret, when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub kind: Kind,
    pub token_sha256: String,
    pub expires_at: i64,
}

impl Sealed {
    /// A link of `kind` sent at `now_ms`, whose secret hashes to `token_sha256`.
    pub fn new(kind: Kind, token_sha256: String, now_ms: i64) -> Sealed {
        Sealed {
            kind,
            token_sha256,
            expires_at: now_ms + kind.lifetime_ms(),
        }
    }

    /// The row to store once its record is known; `purpose` is of the link's kind.
    pub fn row(self, purpose: Purpose) -> NewToken {
        debug_assert_eq!(purpose.kind(), self.kind, "a link keeps the kind it was minted for");
        NewToken {
            purpose,
            token_sha256: self.token_sha256,
            expires_at: self.expires_at,
        }
    }
}

/// A single-use link to store with the record it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub purpose: Purpose,
    pub token_sha256: String,
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Purpose; 6] = [
        Purpose::ConfirmEmail,
        Purpose::SignIn,
        Purpose::Proposal(3),
        Purpose::Agreement(41),
        Purpose::CheckIn(7),
        Purpose::Feedback(1_000_000),
    ];

    #[test]
    fn every_purpose_reads_back_from_its_stored_code() {
        for p in ALL {
            assert_eq!(Purpose::parse(&p.code()), Some(p), "{p:?}");
        }
    }

    #[test]
    fn the_stored_codes_are_those_already_in_the_database() {
        let codes: Vec<String> = ALL.iter().map(|p| p.code()).collect();
        assert_eq!(
            codes,
            [
                "confirm_email",
                "sign_in",
                "proposal:3",
                "agreement:41",
                "checkin:7",
                "feedback:1000000"
            ]
        );
    }

    #[test]
    fn an_unknown_or_malformed_code_is_no_purpose() {
        for code in [
            "",
            "???",
            "checkin",
            "checkin:",
            "checkin:x",
            "checkin:07",
            "checkin:+7",
            "checkin:1:2",
            "pointage:3",
            "sign_in:1",
            "Sign_in",
        ] {
            assert_eq!(Purpose::parse(code), None, "{code:?}");
        }
    }

    #[test]
    fn each_link_works_as_long_as_stated() {
        assert_eq!(Purpose::ConfirmEmail.lifetime_ms(), duration::days(7));
        assert_eq!(Purpose::SignIn.lifetime_ms(), duration::minutes(10));
        assert_eq!(Purpose::Proposal(1).lifetime_ms(), duration::days(7));
        assert_eq!(Purpose::Agreement(1).lifetime_ms(), duration::days(7));
        assert_eq!(Purpose::CheckIn(1).lifetime_ms(), duration::days(14), "two weeks");
        assert_eq!(Purpose::Feedback(1).lifetime_ms(), duration::days(30));
    }

    #[test]
    fn each_link_opens_its_page() {
        let prefixes: Vec<&str> = ALL.iter().map(|p| p.path_prefix()).collect();
        assert_eq!(
            prefixes,
            [
                "/confirmer/",
                "/espace/lien/",
                "/proposition/",
                "/accord/",
                "/point/",
                "/fin/"
            ]
        );
    }

    #[test]
    fn a_sealed_link_expires_after_its_lifetime_and_keeps_its_hash() {
        let row = Sealed::new(Kind::CheckIn, "abc".into(), 1_000).row(Purpose::CheckIn(9));
        assert_eq!(
            row,
            NewToken {
                purpose: Purpose::CheckIn(9),
                token_sha256: "abc".into(),
                expires_at: 1_000 + duration::days(14),
            }
        );
    }
}
