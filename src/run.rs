//! What each command does, from a typed configuration.

use crate::app::{self, AppState};
use crate::cli::{UserAdd, UserCommand};
use crate::config::{Config, MailTarget};
use crate::db::{self, Db, staff::NewStaff};
use crate::domain::account::{AccountChange, Email, Role, check_name};
use crate::secret::random_hex;
use crate::{demo, epoch_ms, password};
use anyhow::{Context, bail};
use chrono::Utc;
use std::path::PathBuf;

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let state = AppState::build(config).await?;
    app::serve(state).await
}

pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    println!(
        "Base à jour : migrations appliquées, {} communes chargées.",
        db::communes::count(&db).await?
    );
    Ok(())
}

/// A fresh SQLite file with the demo territory, then the service.
pub async fn demo(mut config: Config, file: PathBuf) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = file.clone().into_os_string();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("impossible de remplacer {}", file.display()));
            }
            _ => {}
        }
    }
    config.database_url = format!("sqlite://{}", file.display());
    if let MailTarget::Folder(dir) = &config.mail {
        config.mail = MailTarget::Folder(std::path::absolute(dir)?);
    }
    config.sms_dir = std::path::absolute(&config.sms_dir)?;
    let state = AppState::build(config).await?;
    let accounts = demo::seed(&state.db, Utc::now()).await?;
    println!("Démonstration prête dans {} :", file.display());
    for a in &accounts {
        println!(
            "  {:<22} {:<34} mot de passe : {}",
            a.role.label(),
            a.email,
            demo::PASSWORD
        );
    }
    app::serve(state).await
}

pub async fn user_add(config: Config, args: UserAdd) -> anyhow::Result<()> {
    let role: Role = args.role.parse().map_err(anyhow::Error::msg)?;
    let email = Email::parse(&args.email).map_err(anyhow::Error::msg)?;
    let name = check_name(&args.name).map_err(anyhow::Error::msg)?;
    if role == Role::Referent && args.organisation.is_none() {
        bail!("un·e référent·e a une structure : ajoutez --organisation \"CCAS de …\"");
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let all = db::teams::list(&db).await?;
    let mut team_ids = Vec::new();
    for wanted in &args.teams {
        let team = all.iter().find(|t| &t.name == wanted).with_context(|| {
            let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
            format!(
                "aucune équipe ne s'appelle « {wanted} » (équipes : {})",
                names.join(", ")
            )
        })?;
        team_ids.push(team.id);
    }
    if role == Role::Coordinator && team_ids.is_empty() {
        bail!("un·e coordinateur·rice appartient à au moins une équipe : ajoutez --team \"…\"");
    }
    let initial = random_hex(9);
    let hash = password::hash(initial.clone()).await?;
    let new = NewStaff {
        email: &email,
        name: &name,
        password_hash: &hash,
        role,
        organisation: args.organisation.as_deref(),
        team_ids: &team_ids,
    };
    match db::staff::create(&db, new, epoch_ms(Utc::now())).await {
        Err(e) if e.is_unique_violation() => bail!("un compte existe déjà avec l'adresse {}", email.as_str()),
        other => other?,
    };
    println!(
        "Compte créé : {} ({}).\nMot de passe initial, affiché une seule fois : {initial}",
        email.as_str(),
        role.label()
    );
    Ok(())
}

/// Finds team ids by exact name, or says which names exist.
fn team_ids_by_name(all: &[db::teams::Team], wanted: &[String]) -> anyhow::Result<Vec<i32>> {
    wanted
        .iter()
        .map(|name| {
            all.iter().find(|t| &t.name == name).map(|t| t.id).with_context(|| {
                let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
                format!("aucune équipe ne s'appelle « {name} » (équipes : {})", names.join(", "))
            })
        })
        .collect()
}

async fn account_by_email(db: &Db, email: &str) -> anyhow::Result<db::staff::StaffMember> {
    let email = Email::parse(email).map_err(anyhow::Error::msg)?;
    db::staff::by_email(db, email.as_str())
        .await?
        .with_context(|| format!("aucun compte n'a l'adresse {}", email.as_str()))
}

/// `binome user disable|enable|role|teams|reset`: the administration of an existing account,
/// audited as done by the command line.
pub async fn user_change(config: Config, command: UserCommand) -> anyhow::Result<()> {
    let actor = db::audit::Actor::system("ligne de commande");
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let now = epoch_ms(Utc::now());
    let (account, change, done) = match command {
        UserCommand::Add(args) => return user_add(config, args).await,
        UserCommand::Reset(args) => {
            let account = account_by_email(&db, &args.email).await?;
            let fresh = random_hex(9);
            let hash = password::hash(fresh.clone()).await?;
            db::staff::reset(&db, account.id, &hash, &actor, now).await?;
            println!(
                "Mot de passe réinitialisé pour {} ; double authentification retirée, sessions fermées.\n\
                 Nouveau mot de passe, affiché une seule fois : {fresh}",
                account.email
            );
            return Ok(());
        }
        UserCommand::Disable(args) => (
            account_by_email(&db, &args.email).await?,
            AccountChange::Disable,
            "désactivé : il ne peut plus se connecter, ses sessions sont fermées".to_string(),
        ),
        UserCommand::Enable(args) => (
            account_by_email(&db, &args.email).await?,
            AccountChange::Enable,
            "réactivé".to_string(),
        ),
        UserCommand::Role(args) => {
            let role: Role = args.role.parse().map_err(anyhow::Error::msg)?;
            let account = account_by_email(&db, &args.email).await?;
            let organisation = args.organisation.or(account.organisation.clone());
            let done = format!("maintenant {}", role.label());
            (account, AccountChange::Role { role, organisation }, done)
        }
        UserCommand::Teams(args) => {
            let ids = team_ids_by_name(&db::teams::list(&db).await?, &args.teams)?;
            let done = format!("dans les équipes : {}", args.teams.join(", "));
            (
                account_by_email(&db, &args.email).await?,
                AccountChange::Teams(ids),
                done,
            )
        }
    };
    if let Err(refused) = db::staff::change(&db, account.id, &change, &actor, now).await? {
        bail!("{}", refused.message());
    }
    println!("Compte {} {done}.", account.email);
    Ok(())
}

/// A fresh database with one large team and its coordinator, to measure the dashboard.
pub async fn bench_dashboard(config: Config, people: usize, pairings: usize, password: String) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    if db::staff::count(&db).await? > 0 {
        bail!("cette base contient déjà des comptes : l'essai de charge demande une base neuve");
    }
    let now_ms = epoch_ms(Utc::now());
    let seeded = crate::bench::desk_seed::team(&db, people, pairings, now_ms).await?;
    let email = Email::parse("charge@binome.invalid").map_err(anyhow::Error::msg)?;
    let hash = password::hash(password).await?;
    let new = NewStaff {
        email: &email,
        name: "Coordination (essai de charge)",
        password_hash: &hash,
        role: Role::Coordinator,
        organisation: None,
        team_ids: &[seeded.team_id],
    };
    db::staff::create(&db, new, now_ms).await?;
    println!(
        "Équipe n° {} : {} personnes, {} binômes en cours. Compte : {}",
        seeded.team_id,
        seeded.people,
        seeded.under_way,
        email.as_str()
    );
    Ok(())
}
