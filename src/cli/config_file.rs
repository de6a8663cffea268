//! `--config FICHIER` (or `BINOME_CONFIG`): the same `NOM=valeur` lines as deploy/binome.env,
//! read by binome itself for an operator who runs it without systemd's `EnvironmentFile` (a
//! plain binary, a cron job for `sauvegarde`). Order of precedence, most specific first: the
//! command line, the environment, the file. A name binome does not know is refused rather than
//! ignored: a misspelt `BINOME_BASEURL` would otherwise send e-mails with wrong links.

use super::Cli;
use clap::CommandFactory;
use std::collections::BTreeSet;
use std::path::Path;

/// The environment variables binome reads, as its command line declares them.
pub fn known_names() -> BTreeSet<String> {
    Cli::command()
        .get_arguments()
        .filter_map(|a| a.get_env())
        .map(|name| name.to_string_lossy().into_owned())
        .collect()
}

/// The settings of the file, checked; the message says what is wrong in French, never a value
/// (the file holds passwords).
pub fn read(path: &Path) -> Result<Vec<(String, String)>, String> {
    let shown = path.display();
    let lines = dotenvy::from_path_iter(path).map_err(|e| {
        format!(
            "impossible de lire le fichier de configuration {shown} : {}",
            io_reason(&e)
        )
    })?;
    let known = known_names();
    let mut settings = Vec::new();
    for line in lines {
        let (name, value) = line.map_err(|e| match e {
            dotenvy::Error::LineParse(text, _) => format!(
                "fichier de configuration {shown}, ligne {} : elle ne suit pas la forme NOM=valeur \
                 (une valeur avec des espaces ou des < > se met entre guillemets)",
                line_of(path, &text)
            ),
            other => format!("fichier de configuration {shown} : {}", io_reason(&other)),
        })?;
        if name == "BINOME_CONFIG" {
            return Err(format!(
                "fichier de configuration {shown} : BINOME_CONFIG ne peut pas s'y trouver"
            ));
        }
        if !known.contains(&name) {
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            return Err(format!(
                "fichier de configuration {shown} : « {name} » n'est pas un réglage de binome. Réglages possibles : {}",
                names.join(", ")
            ));
        }
        settings.push((name, value));
    }
    Ok(settings)
}

/// The number of the line where the parser stopped (it reports the text, which may hold a
/// password: only the number is shown).
fn line_of(path: &Path, text: &str) -> String {
    let content = std::fs::read_to_string(path).unwrap_or_default();
    content
        .lines()
        .position(|line| !text.is_empty() && line.contains(text.lines().next().unwrap_or(text)))
        .map(|n| (n + 1).to_string())
        .unwrap_or_else(|| "?".into())
}

fn io_reason(e: &dotenvy::Error) -> String {
    match e {
        dotenvy::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => "le fichier n'existe pas".into(),
        dotenvy::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "lecture refusée (droits du fichier)".into()
        }
        other => other.to_string(),
    }
}

/// Puts the file's settings into the environment, except those the environment already has.
///
/// # Safety
/// Changes the process environment: call it before any other thread starts (from `main`,
/// before the runtime is built).
pub unsafe fn apply(settings: Vec<(String, String)>) {
    for (name, value) in settings {
        if std::env::var_os(&name).is_none() {
            // SAFETY: the caller guarantees no other thread runs yet.
            unsafe { std::env::set_var(name, value) };
        }
    }
}
