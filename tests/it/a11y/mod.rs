//! Accessibility (issue #7): axe-core finds no violation on any page the access matrix knows,
//! read by the role that sees the most of it, nor on forms showing their errors, nor on the
//! pages opened from e-mailed links; and no page scrolls sideways on a 320 px wide screen or on
//! a 1280 px screen zoomed to 200 % (the page then lays out in 640 CSS pixels: Chromium's zoom
//! cannot be set through WebDriver, so the window is 640 px wide, which lays out the same).
//! One browser for the whole run; each page is checked by axe-core at 1280 and at 320 px.

mod links;
mod pages;

use crate::access::fixture::{self, Fixture, ROLES};
use crate::browser::Browser;
use crate::helpers::TestApp;
use pages::{Mistake, Visit};

const HEIGHT: u32 = 900;
const DESKTOP: u32 = 1280;
/// A 1280 px screen at 200 % zoom.
const ZOOMED: u32 = 640;
/// The narrowest phone screen (WCAG 1.4.10 Reflow).
const NARROW: u32 = 320;

/// One browser, taking the session of each role in turn, and what it found.
pub struct Checker {
    browser: Browser,
    app: TestApp,
    role: Option<usize>,
    pub failures: Vec<String>,
    pub pages: usize,
}

/// The rule of an axe-core violation as `Browser::axe_violations` words it ("impact rule: …").
fn rule(violation: &str) -> &str {
    violation
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches(':')
}

/// `path` with the e-mailed link's secret part as `{lien}`, for a readable report.
fn unguessable(path: &str) -> String {
    let secret = |part: &str| part.len() >= 32 && part.chars().all(|c| c.is_ascii_hexdigit());
    let parts: Vec<&str> = path.split('/').map(|p| if secret(p) { "{lien}" } else { p }).collect();
    parts.join("/")
}

impl Checker {
    async fn start(app: &TestApp) -> Option<Self> {
        let browser = Browser::start().await?;
        let checker = Self {
            browser,
            app: app.clone(),
            role: None,
            failures: Vec::new(),
            pages: 0,
        };
        checker.resize(NARROW).await;
        let width = checker
            .browser
            .client
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap();
        assert_eq!(
            width,
            serde_json::json!(NARROW),
            "the window can be as narrow as a phone"
        );
        checker.resize(DESKTOP).await;
        Some(checker)
    }

    async fn resize(&self, width: u32) {
        self.browser.client.set_window_size(width, HEIGHT).await.unwrap();
    }

    /// The browser takes the session (cookies) of `role`'s user agent.
    pub async fn become_role(&mut self, fixture: &Fixture, role: usize) {
        if self.role == Some(role) {
            return;
        }
        let client = &self.browser.client;
        let home = self.app.url("/static/binome.css");
        client.goto(&home).await.unwrap();
        let host = client
            .current_url()
            .await
            .unwrap()
            .host_str()
            .unwrap_or_default()
            .to_string();
        client.delete_all_cookies().await.unwrap();
        for (name, value) in fixture.clients[role].cookies() {
            let mut cookie = fantoccini::cookies::Cookie::new(name, value);
            cookie.set_path("/");
            cookie.set_domain(host.clone());
            // Without it, fantoccini asks for `SameSite=None`, which Chromium refuses over HTTP.
            cookie.set_same_site(
                fantoccini::cookies::Cookie::parse("a=b; SameSite=Lax")
                    .unwrap()
                    .same_site(),
            );
            client.add_cookie(cookie).await.unwrap();
        }
        self.role = Some(role);
    }

    /// Opens `path` as `role`; false (with a failure) if the page shown is another one.
    pub async fn open(&mut self, fixture: &Fixture, role: usize, path: &str) -> bool {
        self.become_role(fixture, role).await;
        self.browser.client.goto(&self.app.url(path)).await.unwrap();
        let asked = path.split('?').next().unwrap_or_default();
        let shown = self.browser.path().await;
        if shown != asked {
            self.failures
                .push(format!("{path} as {}: the browser was sent to {shown}", ROLES[role]));
        }
        shown == asked
    }

    /// Sends the form `action` of the page after typing `fills`, bypassing the browser's own
    /// checks, and waits for the answer.
    pub async fn send_mistake(&mut self, action: &str, fills: &[(&str, &str)]) {
        for (css, text) in fills {
            self.browser.fill(css, text).await;
        }
        let client = &self.browser.client;
        let selector = format!("main form[action=\"{action}\"]");
        client
            .execute(
                "window.__a11y_old_page = true; const form = document.querySelector(arguments[0]);\
                 form.noValidate = true; form.requestSubmit();",
                vec![serde_json::json!(selector)],
            )
            .await
            .unwrap_or_else(|e| panic!("no form {selector} to send: {e}"));
        for _ in 0..200 {
            let fresh = client
                .execute(
                    "return window.__a11y_old_page !== true && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(fresh, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no answer to the form {action}");
    }

    /// Checks the page on screen: axe-core at 1280 and 320 px, no sideways scrolling at 640 px
    /// (200 % zoom) and at 320 px.
    pub async fn inspect(&mut self, what: &str) {
        self.pages += 1;
        let wide = self.browser.axe_violations_wcag22().await;
        let mut found: Vec<String> = wide.iter().map(|v| format!("axe: {v}")).collect();
        for width in [ZOOMED, NARROW] {
            self.resize(width).await;
            if self.browser.scrolls_sideways().await {
                found.push(format!("scrolls sideways at {width} px"));
            }
        }
        for v in self.browser.axe_violations_wcag22().await {
            if !wide.iter().any(|w| rule(w) == rule(&v)) {
                found.push(format!("axe at {NARROW} px: {v}"));
            }
        }
        self.resize(DESKTOP).await;
        self.failures.extend(found.into_iter().map(|f| format!("{what}: {f}")));
    }

    /// Opens a page (sends its form with mistakes, if any) and checks it.
    pub async fn visit(&mut self, fixture: &mut Fixture, visit: &Visit) {
        fixture.renew(&self.app, &visit.template).await;
        let path = fixture.path(&visit.template);
        let who = ROLES[visit.role];
        if !self.open(fixture, visit.role, &path).await {
            return;
        }
        match &visit.form {
            None => {
                self.inspect(&format!("{} as {who}", unguessable(&visit.template)))
                    .await
            }
            Some(Mistake { action, fills }) => {
                let action = fixture.path(action);
                self.send_and_inspect(&action, fills, who).await;
            }
        }
    }

    /// Sends the page's form with mistakes, then checks that it says so, and the page.
    pub async fn send_and_inspect(&mut self, action: &str, fills: &[(&str, &str)], who: &str) {
        self.send_mistake(action, fills).await;
        let action = unguessable(action);
        let shown = self
            .browser
            .client
            .find_all(fantoccini::Locator::Css(".error-summary, .field-error"));
        if shown.await.unwrap().is_empty() {
            self.failures
                .push(format!("{action} sent with mistakes as {who}: no error is shown"));
        }
        self.inspect(&format!("{action} with mistakes as {who}")).await;
    }

    async fn close(self) {
        self.browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_and_fits_320_px_and_200_percent_zoom() {
    let app = TestApp::sqlite().await;
    let Some(mut checker) = Checker::start(&app).await else {
        return;
    };
    links::check_setup_page(&mut checker, &app).await;
    let mut fixture = fixture::build(&app).await;
    for visit in pages::matrix_visits().iter().chain(&pages::error_visits()) {
        checker.visit(&mut fixture, visit).await;
    }
    links::check_emailed_pages(&mut checker, &app, &mut fixture).await;
    let (failures, pages) = (std::mem::take(&mut checker.failures), checker.pages);
    checker.close().await;
    assert!(pages > 60, "the pages were checked: {pages}");
    assert!(
        failures.is_empty(),
        "{} accessibility failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.cleanup().await;
}
