//! What every page shares: the header (who is signed in), the anti-forgery token, the error page.

use crate::app::AppState;
use crate::db::staff::StaffMember;
use crate::domain::account::Role;
use crate::web::error::AppError;
use crate::web::extract::MaybeStaff;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;

/// The parts of the layout that depend on the reader.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub user_name: Option<String>,
    pub role: Option<Role>,
    /// The anti-forgery token for the forms of this page.
    pub csrf: String,
    /// What the previous action did and what comes next, shown once (see `web::flash`).
    pub flash: Option<String>,
}

impl Chrome {
    pub fn is_admin(&self) -> bool {
        self.role == Some(Role::Admin)
    }

    pub fn role_label(&self) -> &'static str {
        self.role.map(Role::label).unwrap_or("")
    }
}

impl FromRequestParts<AppState> for Chrome {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let MaybeStaff(member) = MaybeStaff::from_request_parts(parts, state).await?;
        let mut chrome = Chrome::for_member(member.as_ref(), super::csrf::form_token(parts));
        if let Ok(session) = Session::from_request_parts(parts, state).await {
            chrome.flash = super::flash::take(&session).await?;
        }
        Ok(chrome)
    }
}

impl Chrome {
    pub fn for_member(member: Option<&StaffMember>, csrf: String) -> Self {
        Chrome {
            user_name: member.map(|m| m.name.clone()),
            role: member.map(|m| m.role),
            csrf,
            flash: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub title: &'static str,
    pub message: &'static str,
}

impl ErrorPage {
    pub fn new(title: &'static str, message: &'static str) -> Self {
        Self {
            chrome: Chrome::default(),
            title,
            message,
        }
    }
}
