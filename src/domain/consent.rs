//! Consent to the charter: how it was given, and the hash that pins a published text.

use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentMethod {
    /// The person read and accepted the charter online.
    Online,
    /// The person agreed orally; the référent attests it (name and date recorded).
    Assisted,
    /// The person signed the printed charter; a coordinator attests it.
    Paper,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 3] = [ConsentMethod::Online, ConsentMethod::Assisted, ConsentMethod::Paper];

    pub fn code(self) -> &'static str {
        match self {
            ConsentMethod::Online => "online",
            ConsentMethod::Assisted => "assisted",
            ConsentMethod::Paper => "paper",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentMethod::Online => "La personne signe en ligne, maintenant",
            ConsentMethod::Assisted => "La personne a donné son accord à l'oral ; j'en atteste",
            ConsentMethod::Paper => "La personne a signé la charte sur papier ; j'en atteste",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            ConsentMethod::Online => "en ligne",
            ConsentMethod::Assisted => "accord oral attesté",
            ConsentMethod::Paper => "sur papier",
        }
    }

    pub fn parse(code: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|m| m.code() == code)
            .ok_or("Choisissez comment la personne donne son accord.")
    }
}

/// The hash stored with a published charter and with each signature of it.
pub fn charter_hash(title: &str, full_text: &str, falc_text: &str) -> String {
    let mut h = Sha256::new();
    for part in [title, full_text, falc_text] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Whether a signature of charter `signed_version` still lets the person be matched at `now_ms`:
/// it does if it is the current version, or if the admin's grace date has not passed.
pub fn still_valid(signed_version: i32, current_version: i32, grace_until_ms: Option<i64>, now_ms: i64) -> bool {
    signed_version >= current_version || grace_until_ms.is_some_and(|until| now_ms <= until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_changes_with_any_text() {
        let a = charter_hash("Charte", "texte", "facile");
        assert_eq!(a, charter_hash("Charte", "texte", "facile"));
        assert_ne!(a, charter_hash("Charte", "texte.", "facile"));
        assert_ne!(charter_hash("ab", "c", ""), charter_hash("a", "bc", ""));
    }

    #[test]
    fn old_signatures_last_until_the_grace_date() {
        assert!(still_valid(2, 2, None, 100));
        assert!(!still_valid(1, 2, None, 100));
        assert!(still_valid(1, 2, Some(200), 100));
        assert!(!still_valid(1, 2, Some(50), 100));
    }
}
