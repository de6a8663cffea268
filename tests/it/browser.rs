//! Journeys in headless Chromium through chromedriver, with an axe-core check of each page.
//! Outside CI they are skipped (with the reason) when Chromium, chromedriver or axe-core is
//! missing; `scripts/install-test-tools.sh` installs them. Under `CI=true` they must run.

use crate::helpers::TestApp;
use crate::helpers::{PASSWORD, in_ci};
use crate::on_both_backends;
use binome::domain::account::Role;
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn axe_path() -> PathBuf {
    std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/node_modules/axe-core/axe.min.js")
    })
}

/// Why the browser suite cannot run here, if it cannot.
fn missing_tool() -> Option<String> {
    [
        (PathBuf::from(CHROMIUM), "Chromium"),
        (chromedriver_path(), "chromedriver"),
        (axe_path(), "axe-core"),
    ]
    .into_iter()
    .find(|(path, _)| !path.exists())
    .map(|(path, name)| format!("{name} not found at {}", path.display()))
}

/// A headless Chromium driven through its own chromedriver process.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// `None` (with the reason printed) when the tools are missing outside CI.
    pub async fn start() -> Option<Self> {
        if let Some(reason) = missing_tool() {
            assert!(
                !in_ci(),
                "CI=true: the browser suite must run, but {reason} (run scripts/install-test-tools.sh)"
            );
            eprintln!("skipped browser test: {reason}; run scripts/install-test-tools.sh");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                         "--window-size=1280,900", format!("--user-data-dir={}", profile.path().display())]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Some(Self {
                        client,
                        driver,
                        _profile: profile,
                    });
                }
                Err(e) => last_error = Some(e),
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        panic!("chromedriver did not answer: {last_error:?}");
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Clicks a button that loads a new page, and waits until its address is `path`.
    pub async fn click_to(&self, css: &str, path: &str) {
        self.click(css).await;
        self.wait_for_path(path).await;
    }

    /// Clicks something that loads a page (maybe the same address) and waits for the new one.
    pub async fn click_and_reload(&self, css: &str) {
        self.client
            .execute("window.__before_click = true;", vec![])
            .await
            .unwrap();
        self.click(css).await;
        for _ in 0..100 {
            let old = self
                .client
                .execute(
                    "return window.__before_click === true && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(old, Ok(serde_json::Value::Bool(false))) {
                let ready = self.client.execute("return document.readyState;", vec![]).await;
                if matches!(ready, Ok(serde_json::Value::String(ref s)) if s == "complete") {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no new page after clicking {css}");
    }

    /// Waits until the page's address is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        for _ in 0..100 {
            if self.path().await == path {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected to reach {path}, still on {}", self.path().await);
    }

    /// Presses keys on whatever has the focus, as a keyboard would.
    pub async fn press(&self, keys: &[fantoccini::key::Key]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("clavier".into());
        for key in keys {
            let value: char = (*key).into();
            actions = actions.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Presses Tab until the focus is on `css`: proves the control is reachable by keyboard.
    pub async fn tab_to(&self, css: &str) {
        for _ in 0..300 {
            let here = self
                .client
                .execute(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![serde_json::json!(css)],
                )
                .await
                .unwrap();
            if here == serde_json::json!(true) {
                return;
            }
            self.press(&[fantoccini::key::Key::Tab]).await;
        }
        panic!("{css} cannot be reached with the Tab key");
    }

    /// Tabs to a field and types into it.
    pub async fn tab_and_type(&self, css: &str, text: &str) {
        self.tab_to(css).await;
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    /// Whether the page is wider than the window (horizontal scrolling).
    pub async fn scrolls_sideways(&self) -> bool {
        let wide = self
            .client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        wide == serde_json::json!(true)
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Runs axe-core on the current page; returns the violations as "impact id: help (n)".
    pub async fn axe_violations(&self) -> Vec<String> {
        self.run_axe("{resultTypes: ['violations']}").await
    }

    /// Like `axe_violations`, with every rule of WCAG 2.0 to 2.2 (A and AA) and of axe-core's
    /// best practices, those it leaves off by default included.
    pub async fn axe_violations_wcag22(&self) -> Vec<String> {
        self.run_axe(
            "{resultTypes: ['violations'], runOnly: {type: 'tag', values: \
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']}}",
        )
        .await
    }

    /// Loads axe-core into the page unless it is there, then runs it with `options`.
    async fn run_axe(&self, options: &str) -> Vec<String> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await;
        if !matches!(loaded, Ok(serde_json::Value::Bool(true))) {
            let axe = std::fs::read_to_string(axe_path()).unwrap();
            self.client.execute(&axe, vec![]).await.unwrap();
        }
        let script = format!(
            "const done = arguments[arguments.length - 1];\
            axe.run(document, {options})\
               .then(r => done(r.violations.map(v => `${{v.impact}} ${{v.id}}: ${{v.help}} (${{v.nodes.length}}) ${{v.nodes.map(n => n.target.join(' ')).join(', ')}}`)))\
               .catch(e => done(['axe failed: ' + e]));"
        );
        let value = self.client.execute_async(&script, vec![]).await.unwrap();
        serde_json::from_value(value).unwrap()
    }

    /// Fails on any axe-core violation, naming the page.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.axe_violations().await;
        assert!(violations.is_empty(), "axe-core on {page}:\n{}", violations.join("\n"));
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Dropping `self` stops chromedriver (and its Chromium).
    }
}

/// A test that fails mid-way still stops its chromedriver.
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn a_coordinator_signs_in_and_reaches_the_dashboard(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;

    browser.client.goto(&app.url("/")).await.unwrap();
    browser.assert_accessible("accueil").await;
    browser.click_to("a[href='/connexion']", "/connexion").await;
    browser.assert_accessible("connexion").await;
    browser.fill("#email", "coordination@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    assert!(browser.text().await.contains("Antenne de Mauriac"));
    browser.assert_accessible("tableau de bord").await;

    browser.client.goto(&app.url("/communes?q=riom")).await.unwrap();
    assert!(browser.text().await.contains("Riom-ès-Montagnes (15)"));
    browser.assert_accessible("communes").await;

    // The check itself can fail: a page with an image without text alternative.
    browser
        .client
        .goto("data:text/html,<html><body><img src='x.png'></body></html>")
        .await
        .unwrap();
    assert!(browser.axe_violations().await.iter().any(|v| v.contains("image-alt")));
    browser.close().await;
}

async fn admin_pages_and_their_errors_are_accessible(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;

    browser.client.goto(&app.url("/admin/equipes")).await.unwrap();
    browser.assert_accessible("équipes").await;
    browser.fill("#communes", "99999").await;
    browser.click("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".error-summary"))
        .await
        .unwrap();
    assert!(
        browser
            .text()
            .await
            .contains("Aucune commune n'a ces codes INSEE : 99999.")
    );
    browser.assert_accessible("équipes avec erreurs").await;

    browser.client.goto(&app.url("/admin/comptes")).await.unwrap();
    browser.assert_accessible("comptes").await;
    browser.client.goto(&app.url("/page-qui-n-existe-pas")).await.unwrap();
    browser.assert_accessible("page introuvable").await;
    browser.close().await;
}

on_both_backends!(
    a_coordinator_signs_in_and_reaches_the_dashboard,
    admin_pages_and_their_errors_are_accessible
);
