//! The command line, in French: `binome [serve|migrate|demo|user add|disable|enable|role|teams|reset|match|bench-match|bench-dashboard]`.

mod config_file;
mod french;

pub use config_file::known_names;

use crate::config::{Config, MailTarget};
use clap::{ArgAction, Args, Parser, Subcommand};
use french::french;
use std::net::SocketAddr;
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

#[derive(Parser, Debug)]
#[command(
    name = "binome",
    version,
    about = "binome — binômes de convivialité entre bénévoles et personnes isolées.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    next_help_heading = "Options",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
    /// Afficher cette aide
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Afficher la version
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
#[command(help_template = HELP_TEMPLATE, next_help_heading = "Options")]
pub enum Command {
    /// Démarrer le service web (commande par défaut)
    #[command(help_template = HELP_TEMPLATE)]
    Serve,
    /// Appliquer les migrations et charger les communes, puis s'arrêter
    #[command(help_template = HELP_TEMPLATE)]
    Migrate,
    /// Créer une base SQLite de démonstration toute neuve, puis démarrer le service
    #[command(help_template = HELP_TEMPLATE)]
    Demo {
        /// Fichier SQLite de la démonstration (remplacé s'il existe)
        #[arg(long, default_value = "binome-demo.db", value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Sauvegarder la base pendant que le service tourne (SQLite : copie cohérente vérifiée ; PostgreSQL : pg_dump)
    #[command(help_template = HELP_TEMPLATE)]
    Sauvegarde {
        /// Dossier où écrire la sauvegarde
        #[arg(long, value_name = "DOSSIER")]
        vers: PathBuf,
        /// Nombre de sauvegardes à garder dans ce dossier (les plus anciennes sont supprimées)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
        garder: Option<u32>,
    },
    /// Restaurer une sauvegarde (service arrêté), puis appliquer les migrations
    #[command(help_template = HELP_TEMPLATE)]
    Restaurer {
        /// Fichier de sauvegarde (.db pour SQLite, .dump pour PostgreSQL)
        #[arg(long, value_name = "FICHIER")]
        depuis: PathBuf,
    },
    /// Calculer un tour de mise en relation optimal à partir d'un fichier, sans base de données
    #[command(name = "match", help_template = HELP_TEMPLATE)]
    Match(MatchArgs),
    /// Mesurer la mise en relation sur des instances réalistes générées sur les vraies communes
    #[command(name = "bench-match", help_template = HELP_TEMPLATE)]
    BenchMatch(BenchArgs),
    /// Préparer une base neuve pour mesurer le tableau de bord (scripts/bench-dashboard.sh)
    #[command(name = "bench-dashboard", help_template = HELP_TEMPLATE)]
    BenchDashboard {
        /// Nombre de personnes de l'équipe (40 % de bénévoles)
        #[arg(long, default_value_t = 2000, value_name = "NOMBRE")]
        people: usize,
        /// Nombre de binômes en cours
        #[arg(long, default_value_t = 500, value_name = "NOMBRE")]
        pairings: usize,
        /// Mot de passe du compte de coordination créé (charge@binome.invalid)
        #[arg(long, value_name = "MOT DE PASSE")]
        password: String,
    },
    /// Mesurer le tableau de bord pendant que l'équipe écrit : base neuve, serveur, lectures et écritures
    #[command(name = "bench-desk", help_template = HELP_TEMPLATE)]
    BenchDesk {
        /// Inscriptions de bénévoles par seconde, et autant de points de suivi répondus (0 : lectures seules)
        #[arg(long, default_value_t = 0.0, value_name = "N")]
        writes: f64,
        /// Connexions qui lisent le tableau de bord en même temps
        #[arg(long, default_value_t = 50, value_name = "NOMBRE",
              value_parser = clap::value_parser!(u32).range(1..=10_000))]
        connections: u32,
        /// Durée de la mesure, en secondes
        #[arg(long, default_value_t = 20, value_name = "SECONDES",
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        duration: u64,
        /// Nombre de personnes de l'équipe (40 % de bénévoles)
        #[arg(long, default_value_t = 2000, value_name = "NOMBRE")]
        people: usize,
        /// Nombre de binômes en cours
        #[arg(long, default_value_t = 500, value_name = "NOMBRE")]
        pairings: usize,
        /// Autre exécutable binome qui prépare la base et sert (par défaut celui-ci), pour comparer deux versions
        #[arg(long, value_name = "FICHIER")]
        server: Option<PathBuf>,
    },
    /// Mesurer plusieurs instances qui se partagent les tâches d'une base PostgreSQL
    #[command(name = "bench-jobs", help_template = HELP_TEMPLATE)]
    BenchJobs {
        /// Nombre de tâches à planifier
        #[arg(long, default_value_t = 100_000, value_name = "NOMBRE")]
        jobs: usize,
        /// Nombre d'instances (processus) qui se les partagent
        #[arg(long, default_value_t = 3, value_name = "NOMBRE")]
        instances: usize,
    },
    /// Une instance de bench-jobs (lancée par bench-jobs)
    #[command(name = "bench-jobs-worker", hide = true)]
    BenchJobsWorker {
        #[arg(long)]
        instance: i32,
    },
    /// Un petit serveur SMS (SMSC, SMPP 3.4) pour les tests
    #[command(name = "test-smsc", hide = true)]
    TestSmsc {
        #[arg(long)]
        port: u16,
    },
    /// Gérer les comptes des équipes
    #[command(subcommand, help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    User(UserCommand),
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// Instance à résoudre (INSTANCE.json)
    #[arg(long, value_name = "FICHIER")]
    pub instance: PathBuf,
    /// Résultat à écrire (RESULT.json)
    #[arg(long, value_name = "FICHIER")]
    pub out: PathBuf,
    /// Écrire aussi toutes les paires possibles avec leur score (« edges »)
    #[arg(long)]
    pub emit_edges: bool,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Nombres de personnes de chaque côté, séparés par des virgules ; « idf » : 8 000 personnes
    /// et 6 000 bénévoles en Île-de-France
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1000,10000,100000,idf",
        value_name = "TAILLES"
    )]
    pub sizes: Vec<crate::matching::generate::Size>,
    /// Dossier où écrire les instances générées (instance-<taille>.json) pour d'autres solveurs
    #[arg(long, value_name = "DOSSIER")]
    pub out_dir: Option<PathBuf>,
    /// Graine du générateur (même graine, mêmes instances)
    #[arg(long, default_value_t = 2026, value_name = "GRAINE")]
    pub seed: u64,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Créer un compte ; le mot de passe initial est affiché une seule fois
    #[command(help_template = HELP_TEMPLATE)]
    Add(UserAdd),
    /// Désactiver un compte : il ne peut plus se connecter, ses sessions sont fermées
    #[command(help_template = HELP_TEMPLATE)]
    Disable(UserEmail),
    /// Réactiver un compte désactivé
    #[command(help_template = HELP_TEMPLATE)]
    Enable(UserEmail),
    /// Changer le rôle d'un compte
    #[command(help_template = HELP_TEMPLATE)]
    Role(UserRole),
    /// Changer les équipes d'un compte (remplace les équipes actuelles)
    #[command(help_template = HELP_TEMPLATE)]
    Teams(UserTeams),
    /// Réinitialiser le mot de passe (affiché une seule fois) et retirer la double authentification ; ferme les sessions
    #[command(help_template = HELP_TEMPLATE)]
    Reset(UserEmail),
}

#[derive(Args, Debug)]
pub struct UserEmail {
    /// Adresse e-mail du compte
    #[arg(long, value_name = "E-MAIL")]
    pub email: String,
}

#[derive(Args, Debug)]
pub struct UserRole {
    /// Adresse e-mail du compte
    #[arg(long, value_name = "E-MAIL")]
    pub email: String,
    /// Nouveau rôle : admin, coordinator ou referent
    #[arg(long, value_name = "RÔLE")]
    pub role: String,
    /// Structure d'un·e référent·e (par défaut, celle déjà enregistrée)
    #[arg(long, value_name = "STRUCTURE")]
    pub organisation: Option<String>,
}

#[derive(Args, Debug)]
pub struct UserTeams {
    /// Adresse e-mail du compte
    #[arg(long, value_name = "E-MAIL")]
    pub email: String,
    /// Équipe (nom exact) ; répéter l'option pour plusieurs équipes
    #[arg(long = "team", value_name = "ÉQUIPE", required = true)]
    pub teams: Vec<String>,
}

#[derive(Args, Debug)]
pub struct UserAdd {
    /// Rôle : admin, coordinator ou referent
    #[arg(long, value_name = "RÔLE")]
    pub role: String,
    /// Adresse e-mail (sert d'identifiant)
    #[arg(long, value_name = "E-MAIL")]
    pub email: String,
    /// Nom affiché
    #[arg(long, value_name = "NOM")]
    pub name: String,
    /// Équipe (nom exact) ; répéter l'option pour plusieurs équipes
    #[arg(long = "team", value_name = "ÉQUIPE")]
    pub teams: Vec<String>,
    /// Structure d'un·e référent·e (par exemple « CCAS de Ydes »)
    #[arg(long, value_name = "STRUCTURE")]
    pub organisation: Option<String>,
}

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

impl Cli {
    /// Reads the command line, and the configuration file it names (`--config`); call it
    /// before any thread starts, since the file's settings go into the environment.
    pub fn parse_in_french() -> Result<Self, std::process::ExitCode> {
        let cli = Self::try_parse().map_err(explain)?;
        let Some(path) = cli.settings.config.clone() else {
            return Ok(cli);
        };
        let settings = config_file::read(&path).map_err(|message| {
            eprintln!("Erreur : {message}");
            std::process::ExitCode::from(2)
        })?;
        // SAFETY: `main` reads the command line before it builds the runtime: one thread.
        unsafe { config_file::apply(settings) };
        Self::try_parse().map_err(explain)
    }
}

/// A mistake is explained in French (clap's own messages are in English) and ends with exit
/// code 2; `--help` and `--version` print and end with 0.
fn explain(e: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind as K;
    if matches!(
        e.kind(),
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return std::process::ExitCode::SUCCESS;
    }
    eprintln!("Erreur : {}\nPour l'aide : binome --help", french(&e));
    std::process::ExitCode::from(2)
}
