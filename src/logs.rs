//! Logs for the operator, on standard error (standard output keeps the few sentences written
//! for a person: where to open the service, the demo accounts): plain text (colours only on a
//! terminal) or one JSON object per line for a collector. Nothing personal is ever logged: requests are logged by their route
//! (`/espace/lien/{token}`, never the token), events carry ids, and error texts from outside
//! (an SMTP server's refusal) have their addresses masked by `masked`.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lignes de texte, en couleurs seulement sur un terminal
    Texte,
    /// Un objet JSON par ligne, pour un collecteur (journald, Loki, Elastic…)
    Json,
}

/// Installs the subscriber; `RUST_LOG` chooses the levels (default `binome=info,warn`).
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("binome=info,warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().with_current_span(true).init(),
        LogFormat::Texte => builder.with_ansi(std::io::stderr().is_terminal()).init(),
    }
}

/// `text` with every word holding an `@` (an e-mail address) replaced by « <adresse> ».
pub fn masked(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            if word.contains('@') {
                let end = &word[word.trim_end().len()..];
                format!("<adresse>{end}")
            } else {
                word.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn addresses_in_a_server_refusal_are_masked() {
        assert_eq!(
            masked("550 5.1.1 <lucie@exemple.fr>: Recipient address rejected"),
            "550 5.1.1 <adresse> Recipient address rejected"
        );
        assert_eq!(masked("connection refused"), "connection refused");
    }
}
