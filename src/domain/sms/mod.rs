//! SMS: the rules of the channel, pure. The GSM-7 alphabet and segment count (`gsm7`), the
//! quiet hours, public holidays and weekly limit (`quiet`), the answers a person may send
//! (`words`), and the words binome sends (`texts`). A French mobile number is `mobile`.

pub mod contract;
pub mod gsm7;
pub mod quiet;
pub mod texts;
pub mod words;

/// Whether a stored French number (10 digits, `domain::profile::parse_phone`) is a mobile:
/// 06 or 07.
pub fn is_mobile(national: &str) -> bool {
    national.len() == 10 && (national.starts_with("06") || national.starts_with("07"))
}

/// The number in international form, as the SMSC wants it: "0612345678" → "33612345678".
pub fn international(national: &str) -> String {
    match national.strip_prefix('0') {
        Some(rest) => format!("33{rest}"),
        None => national.trim_start_matches('+').to_string(),
    }
}

/// A number as the SMSC gives it ("33612345678", "+33612345678", "0612345678") in the
/// stored national form.
pub fn national(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("33") {
        Some(rest) if rest.len() == 9 => format!("0{rest}"),
        _ => digits,
    }
}

/// What kind of SMS a row is: a notice counts toward the weekly limit and waits for the
/// allowed hours; a reply answers a message the person just sent and leaves at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsKind {
    Notice,
    Reply,
}

impl SmsKind {
    pub fn code(self) -> &'static str {
        match self {
            SmsKind::Notice => "notice",
            SmsKind::Reply => "reply",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_their_international_form() {
        assert!(is_mobile("0612345678"));
        assert!(is_mobile("0712345678"));
        assert!(!is_mobile("0471401234"));
        assert_eq!(international("0612345678"), "33612345678");
        assert_eq!(national("33612345678"), "0612345678");
        assert_eq!(national("+33 6 12 34 56 78"), "0612345678");
        assert_eq!(national("0612345678"), "0612345678");
    }
}
