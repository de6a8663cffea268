//! A team's SMS contract as the administrator types it: the SMSC's address and port, the
//! account, and the sender people see. Each error is the French sentence shown next to its
//! field.

/// The SMSC's host name or address: letters, digits, dots, hyphens, colons (IPv6).
pub fn parse_host(raw: &str) -> Result<String, &'static str> {
    let host = raw.trim();
    if host.is_empty() {
        return Err("Indiquez l'adresse du serveur SMS (SMSC) donnée par l'opérateur.");
    }
    if host.len() > 253
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
    {
        return Err("Cette adresse n'est pas valide : par exemple smpp.operateur.fr ou 192.0.2.10.");
    }
    Ok(host.to_string())
}

pub fn parse_port(raw: &str) -> Result<u16, &'static str> {
    raw.trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or("Indiquez un port entre 1 et 65535, souvent 2775.")
}

/// The account name the operator gave (SMPP system_id: at most 15 characters).
pub fn parse_system_id(raw: &str) -> Result<String, &'static str> {
    let id = raw.trim();
    if id.is_empty() {
        return Err("Indiquez l'identifiant donné par l'opérateur.");
    }
    if id.len() > 15 || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err("L'identifiant fait au plus 15 caractères, sans espace ni accent.");
    }
    Ok(id.to_string())
}

/// The password (SMPP: at most 8 characters); empty keeps the one stored.
pub fn parse_password(raw: &str) -> Result<Option<String>, &'static str> {
    if raw.is_empty() {
        return Ok(None);
    }
    if raw.len() > 8 || !raw.chars().all(|c| c.is_ascii_graphic()) {
        return Err("Le mot de passe fait au plus 8 caractères, sans espace ni accent.");
    }
    Ok(Some(raw.to_string()))
}

/// The sender people see: a phone number (people can then answer), or a name of at most
/// 11 letters and digits (people cannot answer it).
pub fn parse_sender(raw: &str) -> Result<String, &'static str> {
    let sender: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
    if sender.is_empty() {
        return Err("Indiquez l'expéditeur : un numéro (pour recevoir les réponses) ou un nom de 11 lettres au plus.");
    }
    let digits = sender.strip_prefix('+').unwrap_or(&sender);
    if digits.chars().all(|c| c.is_ascii_digit()) {
        if (6..=15).contains(&digits.len()) {
            return Ok(sender);
        }
        return Err("Ce numéro n'est pas valide : par exemple 06 12 34 56 78.");
    }
    if sender.len() <= 11 && sender.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(sender);
    }
    Err("Un nom d'expéditeur fait au plus 11 lettres ou chiffres, sans accent ni espace.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn senders() {
        assert_eq!(parse_sender("06 12 34 56 78"), Ok("0612345678".into()));
        assert_eq!(parse_sender("+33612345678"), Ok("+33612345678".into()));
        assert_eq!(parse_sender("CCASMauriac"), Ok("CCASMauriac".into()));
        assert!(parse_sender("CCAS de Mauriac").is_err());
        assert!(parse_sender("Mairie-Lyon").is_err());
        assert!(parse_sender("").is_err());
    }

    #[test]
    fn hosts_ports_accounts() {
        assert_eq!(parse_host(" smpp.example.fr "), Ok("smpp.example.fr".into()));
        assert!(parse_host("smpp example").is_err());
        assert_eq!(parse_port("2775"), Ok(2775));
        assert!(parse_port("0").is_err());
        assert!(parse_port("70000").is_err());
        assert!(parse_system_id("ccas-mauriac-2026").is_err());
        assert_eq!(parse_password(""), Ok(None));
        assert!(parse_password("trop long mot").is_err());
    }
}
