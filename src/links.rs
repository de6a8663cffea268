//! Minting single-use links: the one place a link's secret is drawn. Its hash and expiry are
//! stored (`domain::link`); the secret itself only travels in the e-mail, in the link's path.

use crate::domain::link::{Kind, NewToken, Purpose, Sealed};
use crate::secret::{random_hex, sha256_hex};

/// A fresh link: its secret, the path that carries it (`config.link(&minted.path)` makes it
/// absolute) and what is stored of it.
#[derive(Debug, Clone)]
pub struct Minted {
    pub token: String,
    pub path: String,
    pub sealed: Sealed,
}

impl Minted {
    /// The row to store, for a link whose record is already known.
    pub fn row(self, purpose: Purpose) -> NewToken {
        self.sealed.row(purpose)
    }
}

/// « Mon compte »'s page for the Monday digest and absences (linked from the digest).
pub const ACCOUNT_WEEK: &str = "/compte/semaine";

/// Where the links point: the site's public address, as the e-mails write it.
#[derive(Debug, Clone)]
pub struct Links {
    base_url: String,
}

impl Links {
    pub fn new(base_url: &str) -> Self {
        Links {
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The absolute address of `path` (`/point/…`, `/tableau-de-bord`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// A fresh secret for a link and its digest, the only part stored.
pub fn secret() -> (String, String) {
    let token = random_hex(24);
    let digest = sha256_hex(&token);
    (token, digest)
}

/// A new link of `kind`, sent at `now_ms`: it works for the kind's lifetime.
pub fn mint(kind: Kind, now_ms: i64) -> Minted {
    let (token, digest) = secret();
    Minted {
        path: format!("{}{token}", kind.path_prefix()),
        token,
        sealed: Sealed::new(kind, digest, now_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::duration;

    #[test]
    fn a_minted_link_carries_its_secret_in_its_path_and_stores_only_its_hash() {
        let minted = mint(Kind::Agreement, 5);
        assert_eq!(minted.token.len(), 48);
        assert_eq!(minted.path, format!("/accord/{}", minted.token));
        assert_ne!(
            mint(Kind::Agreement, 5).token,
            minted.token,
            "every link has its own secret"
        );
        let token = minted.token.clone();
        let row = minted.row(Purpose::Agreement(3));
        assert_eq!(row.token_sha256, sha256_hex(&token));
        assert_ne!(row.token_sha256, token);
        assert_eq!(row.expires_at, 5 + duration::days(7));
    }
}
