//! Migration 10 on a database that ran binome before it: e-mails already settled lose their
//! text (it held their links), pending ones keep it; notes about people already erased go.

use super::strings;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

const LINK: &str = "http://binome.example/espace/lien/0123456789abcdef";

async fn upgrade_keeps_no_old_link_nor_note_about_an_erased_person(conn: &DatabaseConnection) {
    Migrator::up(conn, Some(9)).await.unwrap();
    for (n, status) in ["sent", "dead", "cancelled", "pending"].iter().enumerate() {
        conn.execute_unprepared(&format!(
            "INSERT INTO outbox (person_id, to_address, subject, body_text, body_html, message_id, idempotency_key, \
             status, run_at, attempts, created_at) VALUES (7, 'a@exemple.fr', 'Votre lien', 'Ouvrez {LINK}', \
             '<a href=\"{LINK}\">{LINK}</a>', '<{n}@binome>', 'key-{n}', '{status}', 0, 0, 0)"
        ))
        .await
        .unwrap();
    }
    conn.execute_unprepared("INSERT INTO person_erasure (person_id, erased_at, reason) VALUES (7, 0, 'request')")
        .await
        .unwrap();
    for (person, text) in [(7, "Sa fille Claire : 06 11 22 33 44"), (8, "Préfère le matin")] {
        conn.execute_unprepared(&format!(
            "INSERT INTO note (person_id, staff_id, text, created_at) VALUES ({person}, 1, '{text}', 0)"
        ))
        .await
        .unwrap();
    }

    Migrator::up(conn, None).await.unwrap();
    let kept = strings(
        conn,
        "SELECT status || ':' || subject || ':' || body_text || ':' || COALESCE(body_html, '') FROM outbox",
    )
    .await;
    let with_link: Vec<&String> = kept.iter().filter(|r| r.contains("/espace/lien/")).collect();
    assert_eq!(with_link.len(), 1, "only the pending e-mail keeps its link: {kept:?}");
    assert!(with_link[0].starts_with("pending:"));
    assert!(
        kept.iter().all(|r| r.contains(":Votre lien:")),
        "subjects are kept: {kept:?}"
    );
    assert_eq!(strings(conn, "SELECT text FROM note").await, ["Préfère le matin"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    let conn = Database::connect(&url).await.unwrap();
    upgrade_keeps_no_old_link_nor_note_about_an_erased_person(&conn).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some(admin_url) = crate::helpers::postgres_url() else {
        return;
    };
    let name = format!("binome_t_{}_{}", std::process::id(), binome::secret::random_hex(6));
    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    let conn = Database::connect(&format!("{base}/{name}")).await.unwrap();
    upgrade_keeps_no_old_link_nor_note_about_an_erased_person(&conn).await;
    conn.close().await.unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
