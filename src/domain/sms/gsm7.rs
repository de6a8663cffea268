//! The GSM-7 alphabet (3GPP TS 23.038): what an SMS can carry at 160 characters a segment.
//! é è ù à are in it; other accents are transliterated (ê → e, ç → c, œ → oe), typographic
//! quotes and spaces become plain ones, and anything else left outside becomes `?`.

/// The default alphabet, in code order (0x00–0x7F); 0x1B is the escape to the extension.
const BASIC: [char; 128] = [
    '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å', //
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u{1b}', 'Æ', 'æ', 'ß', 'É', //
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', //
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', //
    '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', //
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§', //
    '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', //
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à', //
];

/// The extension table: each costs two septets (escape + code).
const EXTENSION: [(char, u8); 9] = [
    ('^', 0x14),
    ('{', 0x28),
    ('}', 0x29),
    ('\\', 0x2F),
    ('[', 0x3C),
    ('~', 0x3D),
    (']', 0x3E),
    ('|', 0x40),
    ('€', 0x65),
];
const ESCAPE: u8 = 0x1B;

fn basic_code(c: char) -> Option<u8> {
    if c == '\u{1b}' {
        return None;
    }
    BASIC.iter().position(|&b| b == c).map(|i| i as u8)
}

fn extension_code(c: char) -> Option<u8> {
    EXTENSION.iter().find(|(e, _)| *e == c).map(|(_, code)| *code)
}

/// Whether `c` can be written in GSM-7 (basic or extension).
pub fn is_gsm7(c: char) -> bool {
    basic_code(c).is_some() || extension_code(c).is_some()
}

/// `text` with every character GSM-7 can carry: the French accents outside the alphabet lose
/// their accent, typographic marks become plain ones.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if is_gsm7(c) => out.push(c),
            '\u{a0}' | '\u{202f}' | '\t' => out.push(' '),
            '«' | '»' | '“' | '”' | '„' => out.push('"'),
            '‘' | '’' | '‚' | 'ʼ' => out.push('\''),
            '–' | '—' | '‐' => out.push('-'),
            '…' => out.push_str("..."),
            'ç' => out.push('c'),
            other => {
                let plain = deunicode::deunicode_char(other).unwrap_or("?");
                if plain.chars().all(is_gsm7) && !plain.is_empty() {
                    out.push_str(plain);
                } else {
                    out.push('?');
                }
            }
        }
    }
    out
}

/// Septets `text` takes (an extension character takes two); None if a character is outside.
pub fn septets(text: &str) -> Option<usize> {
    text.chars()
        .map(|c| {
            if basic_code(c).is_some() {
                Some(1)
            } else {
                extension_code(c).map(|_| 2)
            }
        })
        .sum()
}

/// Segments an SMS of this text needs: 160 septets in one, 153 each once concatenated.
pub fn segments(text: &str) -> usize {
    let n = septets(&transliterate(text)).unwrap_or(usize::MAX / 2);
    if n <= 160 { 1 } else { n.div_ceil(153) }
}

/// The unpacked septets (one byte each) SMPP carries with `data_coding` 0.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in transliterate(text).chars() {
        if let Some(code) = basic_code(c) {
            out.push(code);
        } else if let Some(code) = extension_code(c) {
            out.extend([ESCAPE, code]);
        }
    }
    out
}

/// The text of unpacked septets.
pub fn decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut escaped = false;
    for &b in bytes {
        if escaped {
            escaped = false;
            match EXTENSION.iter().find(|(_, code)| *code == b) {
                Some((c, _)) => out.push(*c),
                None => out.push(' '),
            }
        } else if b == ESCAPE {
            escaped = true;
        } else {
            out.push(BASIC.get(b as usize).copied().unwrap_or('?'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_accents_of_the_alphabet_stay_others_lose_their_accent() {
        assert_eq!(transliterate("é è ù à É"), "é è ù à É");
        assert_eq!(transliterate("fête, ça, île, où, cœur"), "fete, ca, ile, où, coeur");
        assert_eq!(transliterate("« Oui » l’équipe\u{a0}!"), "\" Oui \" l'équipe !");
        assert!(transliterate("ok 😀").ends_with('?') || transliterate("ok 😀").chars().all(is_gsm7));
        assert!(transliterate("Ĳssel ŒUVRE ë ï ô â").chars().all(is_gsm7));
    }

    #[test]
    fn extension_characters_count_twice() {
        assert_eq!(septets("abc"), Some(3));
        assert_eq!(septets("5 €"), Some(4));
        assert_eq!(septets("ê"), None);
    }

    #[test]
    fn segments_are_160_then_153() {
        assert_eq!(segments(""), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        assert_eq!(segments(&"€".repeat(80)), 1);
        assert_eq!(segments(&"€".repeat(81)), 2);
        // Transliterated first: ê costs one septet as e.
        assert_eq!(segments(&"ê".repeat(160)), 1);
    }

    #[test]
    fn encoding_round_trips() {
        let text = "Bonjour Zoé, ça va ? 06 12 [STOP] 5€";
        let bytes = encode(text);
        assert_eq!(decode(&bytes), "Bonjour Zoé, ca va ? 06 12 [STOP] 5€");
        assert_eq!(encode("@"), vec![0]);
        assert_eq!(encode("€"), vec![0x1B, 0x65]);
    }
}
