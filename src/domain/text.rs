//! What typed text may hold: no control characters (a NUL breaks PostgreSQL), no invisible
//! direction marks (they reorder what a coordinator reads), and a length limit per kind of
//! field, each refused with a French message next to the field.

/// Longest e-mail address (RFC 5321).
pub const EMAIL_MAX: usize = 254;
/// Longest first or last name.
pub const NAME_MAX: usize = 80;
/// Longest postal address.
pub const ADDRESS_MAX: usize = 300;
/// Longest free text a person or a coordinator writes (a note, a comment).
pub const FREE_TEXT_MAX: usize = 2_000;
/// Longest short free text (a word for the team at the end, a reason).
pub const SHORT_TEXT_MAX: usize = 1_000;

/// Characters that change the direction of text, or hide between letters.
fn invisible_or_bidi(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

fn refused_char(c: char, multiline: bool) -> bool {
    let allowed_control = multiline && matches!(c, '\n' | '\r' | '\t');
    (c.is_control() && !allowed_control) || invisible_or_bidi(c)
}

const STRANGE_CHARACTERS: &str =
    "Ce texte contient des caractères invisibles ou de contrôle : retapez-le sans copier-coller.";

fn too_long(max: usize) -> String {
    format!("Ce texte est trop long ({} caractères au plus).", thousands(max))
}

/// "2 000" as French writes it (a narrow no-break space between thousands).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

fn checked(raw: &str, max: usize, multiline: bool) -> Result<String, String> {
    let text = raw.trim();
    if text.chars().any(|c| refused_char(c, multiline)) {
        return Err(STRANGE_CHARACTERS.into());
    }
    if text.chars().count() > max {
        return Err(too_long(max));
    }
    Ok(text.to_string())
}

/// One line of text (a name, a place): trimmed, no control or invisible characters.
pub fn one_line(raw: &str, max: usize) -> Result<String, String> {
    checked(raw, max, false)
}

/// Free text over several lines (a note, an address, a comment).
pub fn free_text(raw: &str, max: usize) -> Result<String, String> {
    checked(raw, max, true)
}

/// A person's first or last name: letters, spaces, hyphens, apostrophes, and a dot only after
/// an initial ("J.-P."). No digits, no links, no e-mail addresses: a sign-up form is not a
/// way to send an advertisement to someone else's address.
pub fn person_name(raw: &str) -> Result<String, String> {
    let name = one_line(raw, NAME_MAX).map_err(|e| {
        if e == STRANGE_CHARACTERS {
            e
        } else {
            format!("Ce nom est trop long ({NAME_MAX} caractères au plus).")
        }
    })?;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c);
        let ok = letter
            || matches!(c, ' ' | '-' | '\'' | '’')
            || (c == '.' && chars.peek().is_none_or(|next| matches!(next, ' ' | '-')));
        if !ok {
            return Err("Un nom ne contient que des lettres, des espaces, des traits d'union et des apostrophes (pas de chiffres ni d'adresse web).".into());
        }
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_people_pass_and_advertisements_do_not() {
        for name in [
            "Germaine",
            "Jean-Pierre",
            "N'Diaye",
            "D’Artagnan",
            "J.-P. Dupont",
            "Éloïse",
            "Marie Claire",
            "Nguyễn",
        ] {
            assert_eq!(person_name(name).as_deref(), Ok(name), "{name}");
        }
        for spam in [
            "Gagnez 1000€ sur http://x.fr",
            "www.exemple.fr",
            "Bob@exemple.fr",
            "exemple.com",
            "Bob 2",
        ] {
            assert!(person_name(spam).is_err(), "{spam}");
        }
    }

    #[test]
    fn control_and_direction_characters_are_refused_everywhere() {
        for bad in ["Jean\0", "Jean\u{202E}enaJ", "Ma\u{200B}rie", "a\u{7}b"] {
            assert!(one_line(bad, 80).is_err(), "{bad:?}");
            assert!(free_text(bad, 80).is_err(), "{bad:?}");
        }
        assert!(one_line("deux\nlignes", 80).is_err());
        assert_eq!(free_text("deux\r\nlignes", 80).as_deref(), Ok("deux\r\nlignes"));
    }

    #[test]
    fn lengths_are_counted_in_characters_and_said_in_french() {
        assert!(one_line(&"é".repeat(80), 80).is_ok());
        assert_eq!(
            one_line(&"é".repeat(81), 80),
            Err("Ce texte est trop long (80 caractères au plus).".into())
        );
        assert_eq!(
            free_text(&"a".repeat(2001), 2000),
            Err("Ce texte est trop long (2\u{202F}000 caractères au plus).".into())
        );
        assert_eq!(
            person_name(&"a".repeat(81)),
            Err("Ce nom est trop long (80 caractères au plus).".into())
        );
    }
}
