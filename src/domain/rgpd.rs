//! RGPD rules, without I/O: what the audit log records, when a record is old enough to be
//! purged, how a person's values are blotted out of free text, how links leave a kept e-mail,
//! how others' pages name an erased person, and the register of processing.

use super::person::Status;
use chrono::{DateTime, Months};

/// What a staff member (or the scheduler) did, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    Change,
    Export,
    Erase,
    Purge,
    Login,
    LoginFailed,
    /// A staff member changed their password or their second factor.
    Security,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::View,
        Action::Change,
        Action::Export,
        Action::Erase,
        Action::Purge,
        Action::Login,
        Action::LoginFailed,
        Action::Security,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Change => "change",
            Action::Export => "export",
            Action::Erase => "erase",
            Action::Purge => "purge",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Security => "security",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::View => "a consulté la fiche",
            Action::Change => "a modifié",
            Action::Export => "a exporté les données",
            Action::Erase => "a effacé les données",
            Action::Purge => "purge automatique (durée de conservation)",
            Action::Login => "s'est connecté·e",
            Action::LoginFailed => "connexion refusée",
            Action::Security => "a changé la sécurité de son compte",
        }
    }
}

/// Staff actions stay in the audit log this long.
pub const AUDIT_KEEP_MONTHS: u32 = 12;
/// Personal data of people inactive this long is purged, unless the admin sets otherwise.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;
/// The name an erased person keeps, so that lists and counts still read well.
pub const ERASED_FIRST_NAME: &str = "Personne";
pub const ERASED_LAST_NAME: &str = "effacée";
/// What replaces an erased person's name or contact in someone else's text.
pub const REDACTED: &str = "[effacé]";
/// How a page about someone else (the other side of a binôme) names an erased person.
pub const ERASED_SOMEONE: &str = "une personne dont les données ont été effacées";
/// What replaces a link in an e-mail kept after it was sent, or in an export.
pub const LINK_REMOVED: &str = "[lien]";

/// Where a link may start: any address, and the paths of single-use links even without one.
const LINK_STARTS: [&str; 9] = [
    "http://",
    "https://",
    "/espace/lien/",
    "/confirmer/",
    "/proposition/",
    "/accord/",
    "/point/",
    "/fin/",
    "/installation/",
];

/// `text` with every link replaced by [`LINK_REMOVED`]: a kept e-mail must not hold a
/// single-use link that would still sign someone in or answer for them.
pub fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = LINK_STARTS.iter().filter_map(|s| rest.find(s)).min() {
        out.push_str(&rest[..at]);
        let link = &rest[at..];
        let end = link
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>'))
            .unwrap_or(link.len());
        out.push_str(LINK_REMOVED);
        rest = &link[end..];
    }
    out.push_str(rest);
    out
}

/// Whether a stored name is the one erasure leaves.
pub fn is_erased_name(first_name: &str, last_name: &str) -> bool {
    first_name == ERASED_FIRST_NAME && last_name == ERASED_LAST_NAME
}

/// How someone else's page names the person called `full_name` ("first last"): their name,
/// or [`ERASED_SOMEONE`] once their data is erased, never « Personne effacée » as if a name.
pub fn name_for_others(full_name: &str) -> &str {
    match full_name.split_once(' ') {
        Some((first, last)) if is_erased_name(first, last) => ERASED_SOMEONE,
        _ => full_name,
    }
}

/// The instant `months` calendar months before `now_ms` (the start of time if out of range).
pub fn months_before(now_ms: i64, months: u32) -> i64 {
    DateTime::from_timestamp_millis(now_ms)
        .and_then(|now| now.checked_sub_months(Months::new(months)))
        .map_or(i64::MIN, |at| at.timestamp_millis())
}

/// The retention the admin types, in months.
pub fn parse_retention_months(raw: &str) -> Result<u32, &'static str> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (6..=120).contains(m))
        .ok_or("Indiquez un nombre de mois entre 6 et 120 (par exemple 24 pour deux ans).")
}

/// Whether a person's record may be purged: they are not taking part (left, not retained,
/// on a break, still waiting, or never confirmed their address), have no binôme under way,
/// and nothing happened to their record since `inactive_before`.
pub fn is_inactive(status: Status, has_open_pairing: bool, last_activity: i64, inactive_before: i64) -> bool {
    let idle_status = matches!(
        status,
        Status::Left | Status::Declined | Status::Paused | Status::Waiting | Status::EmailUnconfirmed
    );
    idle_status && !has_open_pairing && last_activity < inactive_before
}

/// The values of a person that must not survive their erasure in other people's text.
/// Very short values (an initial) are left out: blotting them would shred unrelated words.
pub fn personal_values(values: &[Option<&str>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().flatten() {
        let whole = value.trim();
        let parts = std::iter::once(whole).chain(whole.lines().map(str::trim));
        for part in parts {
            if part.chars().count() >= 2 && !out.iter().any(|o| o == part) {
                out.push(part.to_string());
            }
        }
    }
    // Longest first, so "Denise Vermorel" goes before "Denise".
    out.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
    out
}

/// `text` with every whole-word occurrence of `values` (any case) replaced by [`REDACTED`].
pub fn redact(text: &str, values: &[String]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for value in values {
        let needle: Vec<char> = value.chars().collect();
        let mut i = 0;
        while !needle.is_empty() && i + needle.len() <= chars.len() {
            let same = chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()));
            let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
            let ends_word = chars.get(i + needle.len()).is_none_or(|c| !c.is_alphanumeric());
            if same && starts_word && ends_word {
                chars.splice(i..i + needle.len(), REDACTED.chars());
                i += REDACTED.chars().count();
            } else {
                i += 1;
            }
        }
    }
    chars.into_iter().collect()
}

/// The register of processing (registre des traitements) as the public page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Register {
    /// Who is responsible for the processing: the CCAS or the association, with its address.
    /// Absent from registers saved before it was asked: those read the default.
    #[serde(default = "default_controller")]
    pub controller: String,
    pub purpose: String,
    pub legal_basis: String,
    pub retention: String,
    pub rights: String,
    pub dpo: String,
}

fn default_controller() -> String {
    "Responsable du traitement : à compléter par l'administrateur·rice (le CCAS ou l'association, son adresse).".into()
}

impl Default for Register {
    fn default() -> Self {
        Register {
            controller: default_controller(),
            purpose: "Mettre en relation des bénévoles et des personnes isolées pour des binômes de convivialité : \
                      inscription, charte et consentement, propositions de binômes, points de suivi, alertes \
                      à l'équipe de coordination, et quelques chiffres anonymes sur l'action."
                .into(),
            legal_basis: "Le consentement de chaque personne, donné en signant la charte (article 6.1.a du RGPD). \
                          Il peut être retiré à tout moment, sans justification. Aucune donnée de santé n'est demandée."
                .into(),
            retention: "Les données d'une personne sont gardées pendant sa participation. Quand elle ne participe \
                        plus, elles sont effacées automatiquement après la durée indiquée ci-dessous sans activité. \
                        Le journal des consultations est gardé 12 mois. Seuls des chiffres anonymes sont conservés."
                .into(),
            rights: "Vous pouvez demander à voir vos données, à les corriger, à les recevoir dans un fichier, \
                     ou à les faire effacer. Vous pouvez aussi retirer votre consentement à tout moment.\n\n\
                     Pour cela, parlez-en à l'équipe de coordination ou écrivez au délégué à la protection des \
                     données. Vous pouvez aussi porter réclamation auprès de la CNIL (www.cnil.fr)."
                .into(),
            dpo: "Délégué·e à la protection des données : à compléter par l'administrateur·rice \
                  (nom, adresse postale, adresse e-mail)."
                .into(),
        }
    }
}

/// Paragraphs of a register field (typed with blank lines between them).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The longest text a register field may hold.
pub const REGISTER_FIELD_MAX: usize = 4000;

/// Checks one field of the register: required, and not a book.
pub fn register_field(raw: &str) -> Result<String, &'static str> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err("Ce texte est obligatoire : écrivez quelques mots.");
    }
    if text.chars().count() > REGISTER_FIELD_MAX {
        return Err("Ce texte est trop long : 4 000 caractères au plus.");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONTH_MS: i64 = 31 * 86_400_000;

    #[test]
    fn actions_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.code()), Some(a));
        }
        assert_eq!(Action::parse("nope"), None);
    }

    #[test]
    fn months_are_calendar_months() {
        let now = chrono::NaiveDate::from_ymd_opt(2028, 3, 31)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        let limit = DateTime::from_timestamp_millis(months_before(now, 24)).unwrap();
        assert_eq!(limit.date_naive().to_string(), "2026-03-31");
        assert!(now - months_before(now, 1) <= MONTH_MS);
    }

    #[test]
    fn retention_is_a_sensible_number_of_months() {
        assert_eq!(parse_retention_months(" 24 "), Ok(24));
        assert!(parse_retention_months("0").is_err());
        assert!(parse_retention_months("deux ans").is_err());
        assert!(parse_retention_months("500").is_err());
    }

    #[test]
    fn only_idle_people_without_binome_and_long_inactive_are_purged() {
        assert!(is_inactive(Status::Left, false, 10, 11));
        assert!(
            !is_inactive(Status::Left, false, 11, 11),
            "activity at the limit keeps the record"
        );
        assert!(!is_inactive(Status::Left, true, 10, 11), "a binôme under way keeps it");
        assert!(
            !is_inactive(Status::Approved, false, 10, 11),
            "an approved volunteer is kept"
        );
        assert!(is_inactive(Status::Waiting, false, 10, 11));
    }

    #[test]
    fn redaction_blots_whole_words_in_any_case() {
        let values = personal_values(&[
            Some("Denise"),
            Some("Vermorel"),
            Some("denise.v@exemple.fr"),
            Some("X"),
            None,
        ]);
        assert_eq!(values.len(), 3, "an initial is not a value to blot: {values:?}");
        let text = "DENISE Vermorel (denise.v@exemple.fr) voit Denisette et Vermorelle.";
        assert_eq!(
            redact(text, &values),
            "[effacé] [effacé] ([effacé]) voit Denisette et Vermorelle."
        );
    }

    #[test]
    fn each_line_of_an_address_is_blotted() {
        let values = personal_values(&[Some("12 rue des Tilleuls\n15200 Mauriac")]);
        assert_eq!(redact("Passer au 12 rue des Tilleuls.", &values), "Passer au [effacé].");
    }

    #[test]
    fn every_link_of_a_kept_email_is_removed() {
        let text = "Bonjour,\nOuvrez ce lien :\nhttps://binome.example/espace/lien/abc123\nÀ bientôt.";
        assert_eq!(strip_links(text), "Bonjour,\nOuvrez ce lien :\n[lien]\nÀ bientôt.");
        let html = r#"<p><a href="http://127.0.0.1:8080/point/f00d">http://127.0.0.1:8080/point/f00d</a></p>"#;
        assert_eq!(strip_links(html), r#"<p><a href="[lien]">[lien]</a></p>"#);
        assert_eq!(strip_links("voir /accord/0123 demain"), "voir [lien] demain");
        assert_eq!(
            strip_links("au point de départ, la fin."),
            "au point de départ, la fin."
        );
    }

    #[test]
    fn others_read_an_erased_person_as_someone_whose_data_was_erased() {
        assert_eq!(name_for_others("Personne effacée"), ERASED_SOMEONE);
        assert_eq!(name_for_others("Denise Vermorel"), "Denise Vermorel");
        assert_eq!(name_for_others("Personne Martin"), "Personne Martin");
    }

    #[test]
    fn a_register_saved_before_the_controller_was_asked_still_reads() {
        let old = r#"{"purpose":"p","legal_basis":"l","retention":"r","rights":"d","dpo":"o"}"#;
        let register: Register = serde_json::from_str(old).unwrap();
        assert_eq!(
            (register.purpose.as_str(), register.controller),
            ("p", default_controller())
        );
    }

    #[test]
    fn register_fields_are_required_and_bounded() {
        assert!(register_field("  ").is_err());
        assert!(register_field(&"a".repeat(REGISTER_FIELD_MAX + 1)).is_err());
        assert_eq!(register_field(" Texte\r\nsuite "), Ok("Texte\nsuite".to_string()));
    }
}
