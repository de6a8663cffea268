//! The second factor: six-digit codes that change every 30 seconds (TOTP, RFC 6238), computed
//! by the `totp-rs` crate from a secret shared once with the staff member's authenticator app.

use totp_rs::{Builder, Secret, Totp};

const ISSUER: &str = "binome";

/// A fresh random secret, in base32 as authenticator apps expect it.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let bytes = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_secret(bytes)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The time step of a correct `code` at `now_ms` (one step of drift either way), or `None`.
/// The caller accepts each step only once.
pub fn check(secret: &str, code: &str, now_ms: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let seconds = u64::try_from(now_ms / 1000).ok()?;
    totp(secret, "")?
        .check(&code, seconds)
        .and_then(|s| i64::try_from(s).ok())
}

/// The code an app shows at `now_ms` (for tests and the demo).
pub fn code_at(secret: &str, now_ms: i64) -> Option<String> {
    let seconds = u64::try_from(now_ms / 1000).ok()?;
    Some(totp(secret, "")?.generate(seconds).to_string())
}

/// The `otpauth://` address an app can import.
pub fn otpauth_uri(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

/// The secret in groups of four characters, easier to type.
pub fn grouped(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_in_its_window_only() {
        let secret = new_secret();
        let now = 1_764_000_000_000;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(code.len(), 6);
        assert!(check(&secret, &code, now).is_some());
        assert!(check(&secret, &format!("{} {}", &code[..3], &code[3..]), now).is_some());
        assert!(check(&secret, &code, now + 5 * 60 * 1000).is_none());
        assert!(check(&secret, "abcdef", now).is_none());
        assert!(check("pas du base32 !", &code, now).is_none());
    }

    #[test]
    fn the_secret_reads_in_groups_and_as_an_address() {
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
        let uri = otpauth_uri(&new_secret(), "ana@exemple.fr").unwrap();
        assert!(uri.starts_with("otpauth://totp/binome:ana"), "{uri}");
    }
}
