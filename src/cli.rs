//! The command line, in French: `binome [serve|migrate|demo|user add|disable|enable|role|teams|reset|match|bench-match|bench-dashboard]`.

mod config_file;
mod french;
mod settings;

pub use config_file::known_names;
pub use settings::Settings;

use clap::{ArgAction, Args, Parser, Subcommand};
use french::french;
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
        /// Page lue par les connexions (par défaut le tableau de bord), par exemple /propositions
        #[arg(long, default_value = "/tableau-de-bord", value_name = "CHEMIN")]
        path: String,
        /// Reprendre la base d'un essai précédent telle quelle (sans la préparer à nouveau : 20 000 personnes prennent une minute)
        #[arg(long)]
        reuse: bool,
    },
    /// Mesurer les inscriptions de bénévoles par seconde, sur une ou plusieurs instances, sans rien perdre
    #[command(name = "bench-signups", help_template = HELP_TEMPLATE)]
    BenchSignups {
        /// Inscriptions demandées par seconde (toutes instances ensemble)
        #[arg(long, default_value_t = 100.0, value_name = "N")]
        rate: f64,
        /// Durée de la mesure, en secondes
        #[arg(long, default_value_t = 20, value_name = "SECONDES",
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        duration: u64,
        /// Nombre d'instances de binome serve sur la même base (plus d'une : PostgreSQL)
        #[arg(long, default_value_t = 1, value_name = "NOMBRE",
              value_parser = clap::value_parser!(u32).range(1..=16))]
        instances: u32,
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
