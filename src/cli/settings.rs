//! The settings every command shares: options, environment variables, and the configuration
//! file (see `config_file`), read into a `Config`.

use crate::config::{Config, MailTarget};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Réglages communs, lus en option ou dans l'environnement.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Options générales")]
pub struct Settings {
    /// Fichier de configuration (lignes NOM=valeur, comme deploy/binome.env) ; les options et
    /// l'environnement l'emportent sur lui
    #[arg(long, env = "BINOME_CONFIG", global = true, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
    /// Base de données : sqlite://fichier.db ou postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://binome.db",
        global = true,
        value_name = "URL"
    )]
    pub database_url: String,
    /// Adresse d'écoute
    #[arg(
        long,
        env = "BINOME_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true,
        value_name = "ADRESSE"
    )]
    pub listen: SocketAddr,
    /// Adresse publique du service (liens des courriels) ; par défaut http://<adresse d'écoute>
    #[arg(long, env = "BINOME_BASE_URL", global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Serveur SMTP (smtp://utilisateur:motdepasse@hôte:587?tls=required, smtps://…) ; sans lui, courriels en fichiers
    #[arg(long, env = "SMTP_URL", global = true, value_name = "URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Dossier des courriels quand aucun SMTP n'est configuré
    #[arg(
        long,
        env = "BINOME_MAIL_DIR",
        default_value = "courriels",
        global = true,
        value_name = "DOSSIER"
    )]
    pub mail_dir: PathBuf,
    /// Expéditeur des courriels
    #[arg(
        long,
        env = "BINOME_MAIL_FROM",
        default_value = "binome <ne-pas-repondre@binome.invalid>",
        global = true,
        value_name = "ADRESSE"
    )]
    pub mail_from: String,
    /// Nombre de proxys inverses à vous devant binome : l'adresse du client est lue dans
    /// X-Forwarded-For à cette place en partant de la droite (sans nombre : 1 ; par défaut 0, l'en-tête est ignoré)
    #[arg(long, env = "BINOME_TRUST_PROXY", global = true, value_name = "N", num_args = 0..=1,
          default_value = "0", default_missing_value = "1", value_parser = parse_proxies)]
    pub trust_proxy: u8,
    /// Inscriptions de bénévoles acceptées par heure, pour tout le service (protection contre les envois en masse)
    #[arg(long, env = "BINOME_SIGNUPS_PER_HOUR", default_value_t = 200, global = true, value_name = "NOMBRE",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub signups_per_hour: u64,
    /// Intervalle du planificateur, en secondes (relances, points de suivi, expirations)
    #[arg(long, env = "BINOME_TICK", default_value_t = 60, global = true, value_name = "SECONDES",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub tick: u64,
    /// Intervalle d'envoi des courriels en attente, en secondes
    #[arg(long, env = "BINOME_MAIL_TICK", default_value_t = 5, global = true, value_name = "SECONDES",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub mail_tick: u64,
    /// Format du journal : texte (couleurs seulement sur un terminal) ou json, une ligne par événement
    #[arg(
        long,
        env = "BINOME_LOG_FORMAT",
        value_enum,
        default_value = "texte",
        global = true,
        value_name = "FORMAT"
    )]
    pub log_format: crate::logs::LogFormat,
    /// Jeton (Authorization: Bearer …) qui ouvre /metrics depuis une autre machine ; sans lui, /metrics ne répond qu'en local
    #[arg(
        long,
        env = "BINOME_METRICS_TOKEN",
        global = true,
        value_name = "JETON",
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,
    /// Dossier des SMS des équipes sans contrat SMS (un fichier par SMS)
    #[arg(
        long,
        env = "BINOME_SMS_DIR",
        default_value = "sms",
        global = true,
        value_name = "DOSSIER"
    )]
    pub sms_dir: PathBuf,
    /// Intervalle d'envoi des SMS et de lecture des réponses, en secondes
    #[arg(long, env = "BINOME_SMS_TICK", default_value_t = 30, global = true, value_name = "SECONDES",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub sms_tick: u64,
    /// Dossier où le service écrit lui-même une sauvegarde chaque jour (sans lui, pas de sauvegarde automatique)
    #[arg(long, env = "BINOME_SAUVEGARDE_DOSSIER", global = true, value_name = "DOSSIER")]
    pub sauvegarde_dossier: Option<PathBuf>,
    /// Heure de la sauvegarde quotidienne, heure de Paris
    #[arg(long, env = "BINOME_SAUVEGARDE_HEURE", default_value = "03:00", global = true, value_name = "HEURE",
          value_parser = crate::domain::backup::parse_at)]
    pub sauvegarde_heure: chrono::NaiveTime,
    /// Nombre de sauvegardes quotidiennes gardées (les plus anciennes sont supprimées)
    #[arg(long, env = "BINOME_SAUVEGARDE_GARDER", default_value_t = 14, global = true, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub sauvegarde_garder: u32,
}

impl Settings {
    pub fn into_config(self) -> Config {
        let base_url = self.base_url.unwrap_or_else(|| format!("http://{}", self.listen));
        let mail = match self.smtp_url.filter(|u| !u.is_empty()) {
            Some(url) => MailTarget::Smtp(url),
            None => MailTarget::Folder(self.mail_dir),
        };
        Config {
            database_url: self.database_url,
            listen: self.listen,
            base_url,
            mail,
            mail_from: self.mail_from,
            trust_proxy: self.trust_proxy,
            signups_per_hour: self.signups_per_hour,
            tick: std::time::Duration::from_secs(self.tick),
            mail_tick: std::time::Duration::from_secs(self.mail_tick),
            metrics_token_sha256: self
                .metrics_token
                .filter(|t| !t.is_empty())
                .map(|t| crate::secret::sha256_hex(&t)),
            sms_dir: self.sms_dir,
            sms_tick: std::time::Duration::from_secs(self.sms_tick),
            daily_backup: self
                .sauvegarde_dossier
                .filter(|d| !d.as_os_str().is_empty())
                .map(|dir| crate::config::DailyBackup {
                    dir,
                    at: self.sauvegarde_heure,
                    keep: self.sauvegarde_garder,
                }),
        }
    }
}

/// The number of proxies; `true` / `false` are read as 1 / 0 for older configurations.
fn parse_proxies(raw: &str) -> Result<u8, String> {
    match raw.trim() {
        "true" | "oui" => Ok(1),
        "false" | "non" | "" => Ok(0),
        n => n
            .parse::<u8>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or_else(|| format!("« {n} » : indiquez un nombre de proxys entre 0 et 10")),
    }
}
