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
