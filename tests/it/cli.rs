//! The `binome` command line, run as a user would.

use std::process::Command;

fn binome(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("cli.db").display()))
        .env_remove("SMTP_URL")
        .output()
        .expect("the binary runs")
}

#[test]
fn help_is_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(dir.path(), &["--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    for word in [
        "Utilisation :",
        "Commandes",
        "Démarrer le service web",
        "Afficher cette aide",
        "demo",
        "migrate",
        "user",
    ] {
        assert!(text.contains(word), "missing {word:?} in:\n{text}");
    }
    assert!(!text.contains("Print help"), "no English left:\n{text}");
    let sub = String::from_utf8(binome(dir.path(), &["user", "add", "--help"]).stdout).unwrap();
    assert!(
        sub.contains("Rôle : admin, coordinator ou referent") && sub.contains("Afficher cette aide"),
        "{sub}"
    );
}

#[test]
fn migrate_then_user_add_creates_an_account_with_a_printed_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(dir.path(), &["migrate"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("35014 communes"));

    let out = binome(
        dir.path(),
        &[
            "user",
            "add",
            "--role",
            "coordinator",
            "--email",
            "c@exemple.fr",
            "--name",
            "Coord",
            "--team",
            "Inconnue",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("aucune équipe ne s'appelle « Inconnue »"));

    let out = binome(
        dir.path(),
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--email",
            "a@exemple.fr",
            "--name",
            "Admin",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Mot de passe initial"));

    let again = binome(
        dir.path(),
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--email",
            "a@exemple.fr",
            "--name",
            "Admin",
        ],
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("un compte existe déjà"));
}

#[test]
fn an_unknown_role_is_refused_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(
        dir.path(),
        &[
            "user",
            "add",
            "--role",
            "chef",
            "--email",
            "a@exemple.fr",
            "--name",
            "A",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("rôle inconnu « chef »"));
}

#[test]
fn mistakes_on_the_command_line_are_explained_in_french() {
    let dir = tempfile::tempdir().unwrap();
    for (args, said) in [
        (&["nimportequoi"][..], "commande inconnue « nimportequoi »"),
        (&["--bavard"][..], "option inconnue « --bavard »"),
        (
            &["--listen", "ici"][..],
            "valeur refusée pour --listen <ADRESSE> : « ici »",
        ),
        (
            &["--sauvegarde-heure", "25h"][..],
            "« 25h » : indiquez une heure comme 03:00 (heure de Paris)",
        ),
    ] {
        let out = binome(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(said) && err.contains("Pour l'aide : binome --help"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("error:") && !err.contains("Usage:"),
            "no English left: {err}"
        );
    }
    let help = String::from_utf8(binome(dir.path(), &["demo", "--help"]).stdout).unwrap();
    assert_eq!(help.matches("Options:").count(), 1, "one « Options » heading:\n{help}");
    assert!(help.contains("Options générales:"), "{help}");
}

#[test]
fn a_second_instance_on_the_same_sqlite_file_says_so_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    assert!(binome(dir.path(), &["migrate"]).status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut first = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("cli.db").display()),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first instance listens (it holds the lock by then).
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let second = binome(dir.path(), &["serve", "--listen", "127.0.0.1:0"]);
    let _ = first.kill();
    let _ = first.wait();
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("une autre instance de binome utilise déjà"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn user_disable_enable_role_teams_and_reset_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let user = |args: &[&str]| binome(dir.path(), &[&["user"][..], args].concat());
    assert!(
        user(&["add", "--role", "admin", "--email", "a@exemple.fr", "--name", "Admin"])
            .status
            .success()
    );
    let add = user(&[
        "add",
        "--role",
        "referent",
        "--email",
        "r@exemple.fr",
        "--name",
        "Rose",
        "--organisation",
        "CCAS de Ydes",
    ]);
    assert!(add.status.success(), "{}", stderr(&add));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(binome::db::Db::connect(&url)).unwrap();
    let territory = binome::domain::territory::Territory {
        departements: vec!["15".into()],
        communes: vec![],
    };
    let team = runtime
        .block_on(binome::db::teams::create(&db, "Antenne de Mauriac", &territory, 0))
        .unwrap();
    let can_sign_in = |email: &str| {
        runtime
            .block_on(binome::db::staff::credentials(&db, email))
            .unwrap()
            .is_some()
    };

    let out = user(&["disable", "--email", "r@exemple.fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("désactivé"), "{}", stdout(&out));
    assert!(!can_sign_in("r@exemple.fr"));
    assert!(user(&["enable", "--email", "r@exemple.fr"]).status.success());
    assert!(can_sign_in("r@exemple.fr"));

    let out = user(&["role", "--email", "r@exemple.fr", "--role", "coordinator"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("appartient à au moins une équipe"),
        "{}",
        stderr(&out)
    );
    let out = user(&["teams", "--email", "r@exemple.fr", "--team", "Inconnue"]);
    assert!(stderr(&out).contains("aucune équipe ne s'appelle « Inconnue »"));
    let out = user(&["teams", "--email", "r@exemple.fr", "--team", "Antenne de Mauriac"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = user(&["role", "--email", "r@exemple.fr", "--role", "coordinator"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rose = runtime
        .block_on(binome::db::staff::by_email(&db, "r@exemple.fr"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (rose.role, rose.team_ids),
        (binome::domain::account::Role::Coordinator, vec![team])
    );

    let out = user(&["reset", "--email", "r@exemple.fr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let fresh = text
        .split("affiché une seule fois : ")
        .nth(1)
        .expect("the new password is printed")
        .trim();
    let (_, hash) = runtime
        .block_on(binome::db::staff::credentials(&db, "r@exemple.fr"))
        .unwrap()
        .unwrap();
    assert!(
        runtime
            .block_on(binome::password::verify(fresh.to_string(), hash))
            .unwrap()
    );

    let out = user(&["disable", "--email", "a@exemple.fr"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("dernier compte administrateur actif"),
        "{}",
        stderr(&out)
    );
    assert!(can_sign_in("a@exemple.fr"));
    let out = user(&["disable", "--email", "personne@exemple.fr"]);
    assert!(stderr(&out).contains("aucun compte n'a l'adresse personne@exemple.fr"));

    let (entries, _) = runtime.block_on(binome::db::audit::list(&db, None, 1, 100)).unwrap();
    let by_cli: Vec<_> = entries
        .iter()
        .filter(|e| e.staff_label == "binome (ligne de commande)")
        .collect();
    assert_eq!(
        by_cli.len(),
        5,
        "disable, enable, teams, role, reset; refusals are not changes"
    );
}

/// The binary with only the environment a test gives it (no DATABASE_URL inherited).
fn binome_with(dir: &std::path::Path, args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_binome"));
    command.args(args).current_dir(dir);
    for name in binome::cli::known_names() {
        command.env_remove(name);
    }
    command
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("the binary runs")
}

#[test]
fn a_configuration_file_stands_in_for_the_environment_which_wins_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("binome.env");
    let from_file = dir.path().join("depuis-le-fichier.db");
    std::fs::write(
        &file,
        format!(
            "# comme /etc/binome.env\nDATABASE_URL=sqlite://{}\nBINOME_MAIL_FROM=\"CCAS <ccas@exemple.fr>\"\n",
            from_file.display()
        ),
    )
    .unwrap();
    let path = file.display().to_string();

    let out = binome_with(dir.path(), &["--config", &path, "migrate"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(from_file.exists(), "the database named in the file is created");

    // BINOME_CONFIG names the file too; the environment wins over the file.
    let from_env = dir.path().join("depuis-l-environnement.db");
    std::fs::remove_file(&from_file).unwrap();
    let out = binome_with(
        dir.path(),
        &["migrate"],
        &[
            ("BINOME_CONFIG", path.clone()),
            ("DATABASE_URL", format!("sqlite://{}", from_env.display())),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        from_env.exists() && !from_file.exists(),
        "the environment's database, not the file's"
    );
}

#[test]
fn a_misspelt_setting_in_the_configuration_file_is_refused_in_french_and_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("binome.env");
    let db = dir.path().join("b.db");
    std::fs::write(
        &file,
        format!(
            "DATABASE_URL=sqlite://{}\nBINOME_BASEURL=https://binome.exemple.fr\n",
            db.display()
        ),
    )
    .unwrap();
    let out = binome_with(dir.path(), &["--config", &file.display().to_string(), "migrate"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("« BINOME_BASEURL » n'est pas un réglage de binome") && err.contains("BINOME_BASE_URL"),
        "{err}"
    );
    assert!(!db.exists(), "nothing ran");

    let out = binome_with(dir.path(), &["--config", "/nulle/part.env", "migrate"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("le fichier n'existe pas"), "{}", stderr(&out));

    std::fs::write(
        &file,
        "SMTP_URL=smtps://moi:secret@smtp.exemple.fr\nBINOME_MAIL_FROM=CCAS <secret@exemple.fr>\n",
    )
    .unwrap();
    let out = binome_with(dir.path(), &["--config", &file.display().to_string(), "migrate"], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("ligne 2 : elle ne suit pas la forme NOM=valeur"), "{err}");
    assert!(
        !err.contains("secret"),
        "a password in the file is never printed: {err}"
    );
}

#[test]
fn the_shipped_environment_file_is_a_valid_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/binome.env");
    let out = binome_with(
        dir.path(),
        &["--config", shipped, "migrate"],
        &[(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("d.db").display()),
        )],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
