//! What the story's people do with the keyboard, what they see, and the README screenshots.

use crate::browser::Browser;
use crate::helpers::TestApp;
use fantoccini::key::Key;
use std::path::PathBuf;

/// Presses Enter on whatever has the focus and waits for the page it loads (maybe the same
/// address, after a form posted and redirected back).
pub async fn enter(b: &Browser) {
    b.client
        .execute("window.__story_old_page = true;", vec![])
        .await
        .unwrap();
    b.press(&[Key::Enter]).await;
    for _ in 0..200 {
        let state = b
            .client
            .execute(
                "return window.__story_old_page === true ? 'old' : document.readyState;",
                vec![],
            )
            .await;
        if matches!(state, Ok(serde_json::Value::String(ref s)) if s == "complete") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no new page after pressing Enter on {}", b.path().await);
}

/// Tabs to a link or a button and presses Enter: the page it leads to is loaded.
pub async fn follow(b: &Browser, css: &str) {
    b.tab_to(css).await;
    enter(b).await;
}

/// Tabs to a checkbox or a radio button and presses Space.
pub async fn tick(b: &Browser, css: &str) {
    b.tab_to(css).await;
    b.press(&[Key::Space]).await;
}

/// Tabs to a field that holds a value already, and types another one in its place.
pub async fn retype(b: &Browser, css: &str, text: &str) {
    b.tab_to(css).await;
    b.press(&[Key::End, Key::Backspace, Key::Backspace, Key::Backspace, Key::Backspace])
        .await;
    b.client.active_element().await.unwrap().send_keys(text).await.unwrap();
}

/// Tabs to a list (select) and types the start of the option, as one does with a keyboard.
pub async fn choose(b: &Browser, css: &str, typed: &str) {
    b.tab_and_type(css, typed).await;
}

/// The page's text must show each of `texts`.
pub async fn sees(b: &Browser, texts: &[&str]) {
    let text = b.text().await;
    for t in texts {
        assert!(text.contains(t), "{} should show « {t} »:\n{text}", b.path().await);
    }
}

/// On a phone-sized window: the page fits without scrolling sideways, and passes axe.
pub async fn fits_the_phone(b: &Browser, page: &str) {
    assert!(!b.scrolls_sideways().await, "{page} scrolls sideways on a phone");
    b.assert_accessible(page).await;
}

/// A window that shows `width`×`height` of the page (the headless window counts its frame).
pub async fn window(b: &Browser, width: u32, height: u32) {
    let frame = b
        .client
        .execute(
            "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let side = |i: usize| frame[i].as_u64().unwrap_or(0) as u32;
    b.client
        .set_window_size(width + side(0), height + side(1))
        .await
        .unwrap();
}

/// Screenshots for the README, taken only when BINOME_SCREENSHOTS names a folder (SQLite run).
pub struct Shots {
    dir: Option<PathBuf>,
}

impl Shots {
    pub fn from_env(app: &TestApp) -> Self {
        let dir = std::env::var_os("BINOME_SCREENSHOTS")
            .filter(|d| !d.is_empty() && app.database_url().starts_with("sqlite"))
            .map(PathBuf::from);
        if let Some(d) = &dir {
            std::fs::create_dir_all(d).unwrap();
        }
        Self { dir }
    }

    /// Saves what the window shows, from the top of the page, as `<name>.png`.
    pub async fn take(&self, b: &Browser, name: &str) {
        self.take_at(b, name, "body").await;
    }

    /// Saves what the window shows, scrolled to the block of `css`, as `<name>.png`.
    pub async fn take_at(&self, b: &Browser, name: &str, css: &str) {
        let Some(dir) = &self.dir else { return };
        // The focus ring of the last key press is not part of the picture.
        let script = "if (document.activeElement) document.activeElement.blur();\
            const at = document.querySelector(arguments[0]).closest('section') || document.body;\
            window.scrollTo(0, at === document.body ? 0 : at.getBoundingClientRect().top + window.scrollY - 16);";
        b.client.execute(script, vec![serde_json::json!(css)]).await.unwrap();
        let png = b.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}
