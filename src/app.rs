//! The application: its shared state, and `serve` (migrate, print the setup link, listen).

use crate::config::Config;
use crate::db::{self, Db};
use crate::mail::Mailer;
use crate::secret::random_hex;
use crate::worker::Stop;
use std::sync::Arc;

/// Everything a request needs; cheap to clone: one shared allocation, so that each layer and
/// extractor that takes the state costs one reference count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares, read through it (`state.db`, `state.config`…).
pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    /// Key of the anti-forgery cookie and the session cookie, shared by every instance.
    pub cookie_key: Arc<Vec<u8>>,
    /// A hash to verify against when the account does not exist, so that unknown and known
    /// accounts take the same time to answer.
    pub dummy_hash: Arc<str>,
    /// The communes the matching engine reads (centroids, départements), parsed once.
    pub communes: Arc<crate::matching::communes::Table>,
    /// The communes indexed for the search, built when the service starts (`serve`) or at the
    /// first search.
    pub commune_search:
        Arc<tokio::sync::OnceCell<Arc<crate::domain::commune::index::CommuneIndex<db::communes::Commune>>>>,
    /// The autocomplete's answers already written, by query (`web::communes`).
    pub commune_answers: crate::web::communes::Answers,
    /// The coordinators' desks this instance computed lately, by team revision.
    pub desk_cache: crate::web::dashboard::DeskCache,
    /// The interests and the charter the public sign-up form offers, kept for a second.
    pub catalogue: crate::web::catalogue::Catalogue,
    /// The teams' live matching instances this instance built lately, for reading.
    pub live_cache: crate::web::live_cache::LiveCache,
    /// The one clock of the application (see `clock`).
    pub clock: crate::clock::Clock,
    /// The site's public address, for the links the scheduler e-mails.
    pub links: crate::links::Links,
    /// What `/metrics` counts (requests by route and status).
    pub metrics: crate::metrics::Metrics,
    /// The anti-forgery cookie's settings, derived once from `cookie_key` (`web::csrf`).
    pub csrf: axum_csrf::CsrfConfig,
}

impl AppState {
    /// Connects, migrates, and loads the shared secrets.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let mailer = Mailer::new(&config.mail)?;
        let cookie_key = db::settings::get_or_insert(&db, "cookie_key", &random_hex(64)).await?;
        let dummy_hash = crate::password::hash(random_hex(16)).await?;
        let links = crate::links::Links::new(&config.base_url);
        let cookie_key = hex::decode(cookie_key)?;
        let csrf = crate::web::csrf::config(&cookie_key, config.secure_cookies())?;
        Ok(Self(Arc::new(Shared {
            db,
            config: Arc::new(config),
            mailer,
            cookie_key: Arc::new(cookie_key),
            dummy_hash: dummy_hash.into(),
            communes: Arc::new(crate::matching::communes::Table::shipped().map_err(anyhow::Error::msg)?),
            commune_search: Default::default(),
            commune_answers: Default::default(),
            desk_cache: Default::default(),
            catalogue: Default::default(),
            live_cache: Default::default(),
            clock: crate::clock::Clock::system(),
            links,
            metrics: Default::default(),
            csrf,
        })))
    }
}

impl AppState {
    /// The commune search index, built from the database the first time it is needed.
    pub async fn communes_index(
        &self,
    ) -> db::DbResult<Arc<crate::domain::commune::index::CommuneIndex<db::communes::Commune>>> {
        self.commune_search
            .get_or_try_init(|| async { db::communes::search_index(&self.db).await.map(Arc::new) })
            .await
            .cloned()
    }
}

pub const SETUP_TOKEN_KEY: &str = "setup_token_sha256";

/// With no account yet, stores a fresh one-time setup token and returns its link.
pub async fn setup_link_if_empty(db: &Db, config: &Config) -> anyhow::Result<Option<String>> {
    if db::staff::count(db).await? > 0 {
        return Ok(None);
    }
    let (token, token_sha256) = crate::links::secret();
    db::settings::put(db, SETUP_TOKEN_KEY, &token_sha256).await?;
    Ok(Some(config.link(&format!("/installation/{token}"))))
}

/// On SQLite only one instance may run: it holds `<file>.lock` (released by the OS when the
/// process ends, even on a crash). PostgreSQL needs no lock: instances share the work.
pub(crate) fn single_instance_lock(database_url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Some(path) = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
    else {
        return Ok(None);
    };
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path.contains(":memory:") {
        return Ok(None);
    }
    let lock_path = format!("{path}.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(_) => anyhow::bail!(
            "une autre instance de binome utilise déjà {path} (verrou {lock_path}). Arrêtez-la d'abord ; pour plusieurs instances, utilisez PostgreSQL."
        ),
    }
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let lock = single_instance_lock(&state.config.database_url)?;
    let listener = tokio::net::TcpListener::bind(state.config.listen).await?;
    println!(
        "binome écoute sur {} — ouvrez {}",
        listener.local_addr()?,
        state.config.base_url
    );
    println!("Courriels : {}", state.mailer.describe());
    println!(
        "SMS : fichiers dans {} (sauf pour les équipes qui ont un contrat SMS) ; courriers à imprimer : {}",
        std::path::absolute(&state.config.sms_dir)
            .unwrap_or_else(|_| state.config.sms_dir.clone())
            .display(),
        state.config.link("/courriers")
    );
    if let Some(link) = setup_link_if_empty(&state.db, &state.config).await? {
        println!(
            "Aucun compte n'existe encore. Créez le compte administrateur avec ce lien (valable une fois) :\n  {link}"
        );
    }
    if lock.is_some() {
        // The lock proves no other instance runs: what a crash left claimed restarts now.
        db::jobs::release_all(&state.db).await?;
        db::outbox::release_all(&state.db).await?;
        db::sms::release_all(&state.db).await?;
    }
    db::rgpd::schedule_purge(&state.db, state.clock.now_ms()).await?;
    crate::jobs::digest::schedule(&state.db, state.clock.now_ms()).await?;
    if let Some(duty) = crate::backup::daily::Duty::of(&state.config) {
        crate::backup::daily::schedule(&state.db, &duty, state.clock.now_ms()).await?;
        println!(
            "Sauvegarde quotidienne : {} à {} (heure de Paris), {} gardées",
            duty.settings.dir.display(),
            duty.settings.at.format("%H:%M"),
            duty.settings.keep
        );
    }
    let (stopper, stop) = crate::worker::stop_channel();
    let workers = [
        spawn_scheduler(&state, stop.clone()),
        spawn_outbox(&state, stop.clone()),
        spawn_sms(&state, stop),
    ];
    warm_up_search(&state);
    spawn_metrics_upkeep(&state);
    let app = crate::web::router(state);
    // Small answers go out at once rather than wait for the client's delayed ACK (Nagle).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY refused on a connection");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    println!("Arrêt : les tâches en cours se terminent, les autres sont rendues.");
    stopper.stop();
    for worker in workers {
        if tokio::time::timeout(std::time::Duration::from_secs(30), worker)
            .await
            .is_err()
        {
            tracing::warn!("a worker did not stop in 30 s; its leases will expire");
        }
    }
    Ok(())
}

/// Builds the commune search index now (about half a second) rather than at the first
/// visitor's keystroke; a search that comes meanwhile waits for the same build.
fn warm_up_search(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = state.communes_index().await {
            tracing::warn!(error = %e, "the commune search index will be built at the first search");
        }
    });
}

/// Keeps the request timers' memory bounded between scrapes (`Metrics::upkeep`).
fn spawn_metrics_upkeep(state: &AppState) {
    let metrics = state.metrics.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            every.tick().await;
            metrics.upkeep();
        }
    });
}

fn spawn_scheduler(state: &AppState, stop: Stop) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    let tick = state.config.tick;
    let backup = crate::backup::daily::Duty::of(&state.config);
    tokio::spawn(crate::worker::run(
        "scheduler",
        tick,
        state.clock.clone(),
        stop,
        move |now_ms, stop| {
            let (state, backup) = (state.clone(), backup.clone());
            async move { crate::jobs::run_due_until(&state.db, &state.links, backup.as_ref(), now_ms, &stop).await }
        },
    ))
}

fn spawn_outbox(state: &AppState, stop: Stop) -> tokio::task::JoinHandle<()> {
    let (db, mailer) = (state.db.clone(), state.mailer.clone());
    let (from, tick) = (state.config.mail_from.clone(), state.config.mail_tick);
    tokio::spawn(crate::worker::run(
        "outbox",
        tick,
        state.clock.clone(),
        stop,
        move |now_ms, stop| {
            let (db, mailer, from) = (db.clone(), mailer.clone(), from.clone());
            async move {
                let done = crate::mail::outbox::deliver_due_until(&db, &mailer, &from, now_ms, &stop).await?;
                Ok(done.sent + done.failed)
            }
        },
    ))
}

fn spawn_sms(state: &AppState, stop: Stop) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    let tick = state.config.sms_tick;
    tokio::spawn(crate::worker::run(
        "sms",
        tick,
        state.clock.clone(),
        stop,
        move |now_ms, stop| {
            let state = state.clone();
            async move { crate::web::sms_answers::pass(&state, now_ms, &stop).await }
        },
    ))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
