//! On SQLite, erased values must leave the files themselves: the database file (deleted
//! content overwritten) and its write-ahead log (emptied after the erasure).

use super::ended_binome;
use crate::helpers::TestApp;

/// The bytes of the database file and of its write-ahead log, if any.
fn raw_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let url = app.database_url();
    let path = url.trim_start_matches("sqlite://");
    let path = path.split('?').next().unwrap();
    [path.to_string(), format!("{path}-wal")]
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap_or_default()))
        .collect()
}

fn holds(bytes: &[u8], word: &str) -> bool {
    bytes.windows(word.len()).any(|w| w == word.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erased_name_is_in_neither_the_sqlite_file_nor_its_log() {
    let app = TestApp::sqlite().await;
    let (denise, _, _) = ended_binome(&app).await;
    let before = raw_files(&app);
    assert!(
        before.iter().any(|(_, bytes)| holds(bytes, "Vermorel")),
        "the name is on disk before the erasure"
    );

    let form = format!("/personnes/{denise}/effacer");
    let done = app.submit(&form, &form, &[("confirm", "oui")]).await;
    assert!(done.contains("C'est fait"), "{}", done.body);

    for (path, bytes) in raw_files(&app) {
        for word in ["Vermorel", "0471223344", "rue des Tilleuls", "seule le dimanche"] {
            assert!(!holds(&bytes, word), "{word} is still in the bytes of {path}");
        }
    }
    app.cleanup().await;
}
