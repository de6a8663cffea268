//! `TestApp`: a real binome server on a free port, its own database, and a browser-like
//! HTTP client (cookies kept) whose methods read like what a user does.

use binome::app::AppState;
use binome::config::{Config, MailTarget};
use binome::db::{self, Db, staff::NewStaff};
use binome::domain::account::{Email, Role};
use std::path::PathBuf;
use tokio::sync::OnceCell;

pub const PASSWORD: &str = "mot-de-passe-solide";

/// The bearer token that opens `/metrics` in the test apps.
pub const METRICS_TOKEN: &str = "jeton-de-supervision-de-test";

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Runs each named test — an ordinary `async fn name(app: TestApp)` of the module, so rustfmt
/// formats it — once on SQLite (`name::sqlite`) and once on PostgreSQL (`name::postgres`).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::sqlite().await;
                super::$name(app.clone()).await;
                app.cleanup().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::helpers::TestApp::postgres().await else { return };
                super::$name(app.clone()).await;
                app.cleanup().await;
            }
        })*
    };
}

#[derive(Clone)]
enum Store {
    Sqlite(#[allow(dead_code)] std::sync::Arc<tempfile::TempDir>),
    Postgres { admin_url: String, name: String },
}

/// One running application, one database, one user agent.
#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    /// The application's state, to run a scheduler pass at any `now`.
    pub state: AppState,
    config: Config,
    pub db: Db,
    pub mail_dir: PathBuf,
    client: reqwest::Client,
    /// The client's cookies, to hand its session to a browser.
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    store: Store,
    server: std::sync::Arc<tokio::task::JoinHandle<()>>,
    /// Message-IDs in the order the outbox created them, refreshed at each delivery.
    outbox_order: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// A page as the user agent received it (after redirects).
pub struct Page {
    pub status: u16,
    pub path: String,
    pub body: String,
}

impl Page {
    pub fn csrf_token(&self) -> String {
        let marker = "name=\"authenticity_token\" value=\"";
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("the page has a form with a CSRF token");
        let end = self.body[start..].find('"').expect("token value is closed") + start;
        self.body[start..end].to_string()
    }

    /// Whether the page shows `text` (HTML entities decoded, as a reader sees it).
    pub fn contains(&self, text: &str) -> bool {
        let decoded = self
            .body
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        decoded.replace("&amp;", "&").contains(text)
    }
}

/// PostgreSQL administration for the test suite: one database per test.
pub mod pg {
    use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

    async fn admin(admin_url: &str) -> DatabaseConnection {
        Database::connect(admin_url)
            .await
            .expect("BINOME_TEST_PG accepts connections")
    }

    pub fn url_of(admin_url: &str, name: &str) -> String {
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
        format!("{base}/{name}")
    }

    pub async fn execute(admin_url: &str, sql: &str) -> Result<(), sea_orm::DbErr> {
        let conn = admin(admin_url).await;
        let result = conn.execute_unprepared(sql).await.map(|_| ());
        conn.close().await?;
        result
    }

    /// How many sessions are open on database `name`.
    pub async fn sessions_on(admin_url: &str, name: &str) -> i64 {
        let conn = admin(admin_url).await;
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"),
            ))
            .await
            .unwrap();
        conn.close().await.unwrap();
        row.and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(0)
    }

    /// Drops test databases left by test runs that crashed (their process is gone).
    pub async fn drop_orphans(admin_url: &str) {
        let conn = admin(admin_url).await;
        let rows = conn
            .query_all_raw(Statement::from_string(conn.get_database_backend(), "SELECT datname FROM pg_database WHERE datname LIKE 'binome\\_t\\_%' OR datname LIKE 'binome\\_tpl\\_%'"))
            .await
            .unwrap();
        for row in rows {
            let name: String = row.try_get("", "datname").unwrap();
            let pid = name.rsplit('_').nth(1).unwrap_or("");
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                let _ = conn
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
        conn.close().await.unwrap();
    }
}

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// A database name of this test run: the next run drops it if this one crashed.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), binome::secret::random_hex(6))
}

/// A migrated SQLite file, built once per test run and copied for each test.
async fn sqlite_template() -> &'static PathBuf {
    SQLITE_TEMPLATE
        .get_or_init(|| async {
            let dir = std::env::temp_dir().join(unique_name("binome_tpl"));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("template.db");
            let db = Db::connect(&format!("sqlite://{}", path.display())).await.unwrap();
            db.migrate().await.unwrap();
            db.close().await.unwrap();
            path
        })
        .await
}

/// The server PostgreSQL tests use, if any; under CI its absence is a failure.
pub fn postgres_url() -> Option<String> {
    match std::env::var("BINOME_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if in_ci() => panic!("CI=true: BINOME_TEST_PG must point at a PostgreSQL server"),
        _ => {
            eprintln!("skipped on PostgreSQL: set BINOME_TEST_PG=postgres://postgres@127.0.0.1:5432/test to run it");
            None
        }
    }
}

/// A migrated PostgreSQL database, built once per test run and copied for each test. Like the
/// test databases, it is named after this process, so that the next run drops it.
async fn postgres_template(admin_url: &str) -> &'static String {
    PG_TEMPLATE
        .get_or_init(|| async {
            pg::drop_orphans(admin_url).await;
            let name = unique_name("binome_tpl");
            pg::execute(admin_url, &format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let db = Db::connect(&pg::url_of(admin_url, &name)).await.unwrap();
            db.migrate().await.unwrap();
            db.close().await.unwrap();
            name
        })
        .await
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let template = sqlite_template().await;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("binome.db");
        std::fs::copy(template, &path).unwrap();
        Self::start(
            format!("sqlite://{}", path.display()),
            Store::Sqlite(std::sync::Arc::new(dir)),
        )
        .await
    }

    pub async fn postgres() -> Option<Self> {
        let admin_url = postgres_url()?;
        let template = postgres_template(&admin_url).await;
        let name = unique_name("binome_t");
        pg::execute(&admin_url, &format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await
            .unwrap();
        Some(Self::start(pg::url_of(&admin_url, &name), Store::Postgres { admin_url, name }).await)
    }

    /// A server on a SQLite file a test prepared in `dir` (an older release's database).
    pub async fn sqlite_at(dir: tempfile::TempDir, file: &std::path::Path) -> Self {
        let url = format!("sqlite://{}", file.display());
        Self::start(url, Store::Sqlite(std::sync::Arc::new(dir))).await
    }

    /// A server on the PostgreSQL database `name` a test created on `admin_url`'s server;
    /// `cleanup` drops it.
    pub async fn postgres_at(admin_url: String, name: String) -> Self {
        Self::start(pg::url_of(&admin_url, &name), Store::Postgres { admin_url, name }).await
    }

    async fn start(database_url: String, store: Store) -> Self {
        Self::start_with(database_url, store, |_| {}).await
    }

    async fn start_with(database_url: String, store: Store, change: impl FnOnce(&mut Config)) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let mail_dir = tempfile::tempdir().unwrap().keep();
        let config = Config {
            database_url,
            listen: listener.local_addr().unwrap(),
            base_url: address.clone(),
            mail: MailTarget::Folder(mail_dir.clone()),
            mail_from: "binome <test@binome.invalid>".into(),
            metrics_token_sha256: Some(binome::secret::sha256_hex(METRICS_TOKEN)),
            trust_proxy: 0,
            signups_per_hour: 200,
            tick: std::time::Duration::from_secs(60),
            mail_tick: std::time::Duration::from_secs(5),
            sms_dir: mail_dir.join("sms"),
            sms_tick: std::time::Duration::from_secs(30),
            daily_backup: None,
        };
        let mut config = config;
        change(&mut config);
        let state = AppState::build(config.clone()).await.expect("the application starts");
        let db = state.db.clone();
        let app = binome::web::router(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap();
        });
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        Self {
            address,
            state,
            config,
            db,
            mail_dir,
            client: client_with(&jar),
            jar,
            store,
            server: std::sync::Arc::new(server),
            outbox_order: Default::default(),
        }
    }

    /// A second server on the same database, with its configuration changed by `change`
    /// (as another instance configured differently would be), and its own user agent.
    pub async fn restart_with(&self, change: impl FnOnce(&mut Config)) -> Self {
        Self::start_with(self.config.database_url.clone(), self.store.clone(), change).await
    }

    /// Stops the server and drops a PostgreSQL test database.
    pub async fn cleanup(self) {
        self.server.abort();
        if let Store::Postgres { admin_url, name } = &self.store {
            let _ = self.db.clone().close().await;
            pg::execute(admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .unwrap();
        }
    }

    /// The database the application runs on (for a `binome` process started by a test).
    pub fn database_url(&self) -> &str {
        &self.config.database_url
    }

    /// A second visitor on the same server, with its own cookies.
    pub fn new_visitor(&self) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        Self {
            client: client_with(&jar),
            jar,
            ..self.clone()
        }
    }

    /// This user agent's cookies for the application, as (name, value): a browser given them
    /// shares its session.
    pub fn cookies(&self) -> Vec<(String, String)> {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.address.parse().unwrap();
        let header = self.jar.cookies(&url);
        let line = header.as_ref().and_then(|h| h.to_str().ok()).unwrap_or_default();
        line.split("; ")
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    pub fn config(&self) -> Config {
        self.config.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    async fn page(&self, response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let path = response.url().path().to_string();
        let body = response.text().await.unwrap();
        Page { status, path, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        self.page(response).await
    }

    /// A file to download: its response headers, then its content as a page.
    pub async fn download(&self, path: &str) -> (reqwest::header::HeaderMap, Page) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        (response.headers().clone(), self.page(response).await)
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self.client.post(self.url(path)).form(fields).send().await.unwrap();
        self.page(response).await
    }

    /// Posts exactly these fields as if through a reverse proxy that says the client is at
    /// `forwarded_for` (the `X-Forwarded-For` header).
    pub async fn post_forwarded(&self, forwarded_for: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .header("x-forwarded-for", forwarded_for)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Opens `page`, then submits its form to `action` with `fields`, as a browser would.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(page).await.csrf_token();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("authenticity_token", &token));
        self.post_raw(action, &all).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.submit("/connexion", "/connexion", &[("email", email), ("password", password)])
            .await
    }

    /// Runs one pass of the outbox, as the background worker does.
    pub async fn deliver_emails(&self) -> binome::mail::outbox::Delivery {
        self.deliver_emails_at(binome::epoch_ms(chrono::Utc::now())).await
    }

    /// One pass of the outbox as if it were `now_ms`.
    pub async fn deliver_emails_at(&self, now_ms: i64) -> binome::mail::outbox::Delivery {
        let mailer = binome::mail::Mailer::new(&MailTarget::Folder(self.mail_dir.clone())).unwrap();
        let delivery = binome::mail::outbox::deliver_due(&self.db, &mailer, &self.config.mail_from, now_ms)
            .await
            .unwrap();
        *self.outbox_order.lock().unwrap() = binome::db::outbox::message_ids(&self.db).await.unwrap();
        delivery
    }

    /// The e-mails delivered to `address` so far (decoded text), oldest first.
    pub fn emails_to(&self, address: &str) -> Vec<String> {
        // Files written within the same clock tick share a modification time: the outbox
        // order (by Message-ID, fixed at creation) breaks the tie.
        let order = self.outbox_order.lock().unwrap().clone();
        let rank = |text: &str| {
            let id = crate::mail::message_id(text).unwrap_or_default();
            order.iter().position(|m| *m == id).unwrap_or(usize::MAX)
        };
        let mut found: Vec<(std::time::SystemTime, usize, String)> = std::fs::read_dir(&self.mail_dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| {
                let text = decode_quoted_printable(&std::fs::read_to_string(e.path()).ok()?);
                let modified = e.metadata().ok()?.modified().ok()?;
                text.lines()
                    .any(|l| l.starts_with("To: ") && l.contains(address))
                    .then(|| (modified, rank(&text), text))
            })
            .collect();
        found.sort_by_key(|(t, r, _)| (*r, *t));
        found.into_iter().map(|(_, _, t)| t).collect()
    }

    /// The link to `path_prefix` in the latest e-mail to `address` that has one, as a path.
    pub fn link_in_last_email(&self, address: &str, path_prefix: &str) -> String {
        let wanted = format!("{}{path_prefix}", self.address);
        let emails = self.emails_to(address);
        let email = emails
            .iter()
            .rev()
            .find(|e| e.contains(&wanted))
            .unwrap_or_else(|| panic!("no e-mail to {address} links to {path_prefix}"));
        let start = email.find(&wanted).unwrap_or_default() + self.address.len();
        email[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
            .collect()
    }

    /// Creates a staff account directly in the database; its password is `PASSWORD`.
    pub async fn create_staff(&self, role: Role, email: &str, team_ids: &[i32], organisation: Option<&str>) -> i32 {
        let hash = binome::password::hash(PASSWORD.into()).await.unwrap();
        let email = Email::parse(email).unwrap();
        let new = NewStaff {
            email: &email,
            name: "Compte de test",
            password_hash: &hash,
            role,
            organisation,
            team_ids,
        };
        db::staff::create(&self.db, new, 0).await.unwrap()
    }

    pub async fn create_team(&self, name: &str, communes: &[&str]) -> i32 {
        let territory = binome::domain::territory::Territory {
            departements: vec![],
            communes: communes
                .iter()
                .map(|c| binome::domain::commune::InseeCode::parse(c).unwrap())
                .collect(),
        };
        db::teams::create(&self.db, name, &territory, 0).await.unwrap()
    }

    /// A signed-in coordinator of a new team covering Mauriac and Ydes.
    pub async fn signed_in_coordinator(&self) -> i32 {
        let team = self.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
        self.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
            .await;
        let page = self.login("coordination@exemple.fr", PASSWORD).await;
        assert_eq!(page.path, "/tableau-de-bord");
        team
    }

    pub async fn signed_in_admin(&self) {
        self.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
        let page = self.login("admin@exemple.fr", PASSWORD).await;
        assert_eq!(page.path, "/tableau-de-bord");
    }
}

/// A user agent that keeps its cookies in `jar`.
fn client_with(jar: &std::sync::Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap()
}

/// Undoes the quoted-printable transfer encoding of e-mail bodies (soft line breaks, =XX).
pub(crate) fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| {
                std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .flatten();
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A commune code for fixtures.
pub(crate) fn insee(code: &str) -> binome::domain::commune::InseeCode {
    binome::domain::commune::InseeCode::parse(code).expect("a valid INSEE code")
}
