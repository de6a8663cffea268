//! What an alert is about. One type for the kinds a coordinator is alerted of: each says its
//! stored code, its words on the desk, in the journal and in an e-mail, and how urgent it is.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    /// Someone is not well or wants to stop.
    Distress,
    /// Someone asked to be called back.
    CallBack,
    /// A person without e-mail has something to be told by phone (a call task).
    ToTell,
    /// Nobody answered a proposal or a check-in.
    NoAnswer,
    /// An e-mail could not be delivered.
    DeadEmail,
    /// Someone wrote by SMS something binome cannot act on, or answered STOP.
    SmsReceived,
}

impl AlertKind {
    pub const ALL: [AlertKind; 6] = [
        AlertKind::Distress,
        AlertKind::CallBack,
        AlertKind::ToTell,
        AlertKind::NoAnswer,
        AlertKind::DeadEmail,
        AlertKind::SmsReceived,
    ];

    /// The code stored in `alert.kind` (and used as the desk's CSS class).
    pub fn code(self) -> &'static str {
        match self {
            AlertKind::Distress => "distress",
            AlertKind::CallBack => "call_back",
            AlertKind::ToTell => "to_tell",
            AlertKind::NoAnswer => "no_answer",
            AlertKind::DeadEmail => "dead_email",
            AlertKind::SmsReceived => "sms_received",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The desk's heading of the alert.
    pub fn title(self) -> &'static str {
        match self {
            AlertKind::Distress => "Urgent",
            AlertKind::CallBack => "À rappeler",
            AlertKind::ToTell => "À prévenir par téléphone",
            AlertKind::NoAnswer => "Sans réponse",
            AlertKind::DeadEmail => "E-mail non remis",
            AlertKind::SmsReceived => "SMS reçu",
        }
    }

    /// In a sentence of the journal: « Alerte (à rappeler) ».
    pub fn in_journal(self) -> &'static str {
        match self {
            AlertKind::Distress => "urgent",
            AlertKind::CallBack => "à rappeler",
            AlertKind::ToTell => "à prévenir par téléphone",
            AlertKind::NoAnswer => "sans réponse",
            AlertKind::DeadEmail => "e-mail non remis",
            AlertKind::SmsReceived => "SMS reçu",
        }
    }

    /// What it is about, in a few words a coordinator can read in an e-mail subject line
    /// (never a name: the details are read signed in).
    pub fn in_email(self) -> &'static str {
        match self {
            AlertKind::Distress => "quelqu'un ne va pas bien ou souhaite arrêter",
            AlertKind::CallBack => "quelqu'un voudrait être rappelé·e",
            AlertKind::ToTell => "quelqu'un sans e-mail est à prévenir par téléphone",
            AlertKind::NoAnswer => "quelqu'un ne répond plus",
            AlertKind::DeadEmail => "un e-mail n'a pas pu être envoyé",
            AlertKind::SmsReceived => "quelqu'un a écrit par SMS",
        }
    }

    /// The desk's order: distress first, then the calls to make, silences, undelivered
    /// e-mails (0 is the most urgent).
    pub fn urgency(self) -> i32 {
        match self {
            AlertKind::Distress => 0,
            AlertKind::CallBack | AlertKind::ToTell | AlertKind::SmsReceived => 1,
            AlertKind::NoAnswer => 2,
            AlertKind::DeadEmail => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for kind in AlertKind::ALL {
            assert_eq!(AlertKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(AlertKind::parse("unknown"), None);
    }

    #[test]
    fn distress_comes_first_and_an_undelivered_email_last() {
        let mut kinds = AlertKind::ALL.to_vec();
        kinds.sort_by_key(|k| k.urgency());
        assert_eq!(kinds.first(), Some(&AlertKind::Distress));
        assert_eq!(kinds.last(), Some(&AlertKind::DeadEmail));
    }
}
