//! One error type for every page: each variant chooses its status and French page; the cause
//! of an internal error is logged, never shown.

use crate::web::page::ErrorPage;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page or the record does not exist (or is not the reader's to know about).
    #[error("not found")]
    NotFound,
    /// Signed in, but this role may not open this page.
    #[error("forbidden")]
    Forbidden,
    /// A form was posted without a valid anti-forgery token.
    #[error("csrf token missing or invalid")]
    Csrf,
    /// The page needs a signed-in staff member; `next` is where to come back.
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// An administrator must turn the second factor on before going further.
    #[error("second factor required")]
    SecondFactorRequired,
    /// A posted body larger than any form of the site.
    #[error("request body too large")]
    TooLarge,
    /// Anything else: a bug or an unavailable database.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        AppError::Internal(e.into())
    }
}

/// A scoped loader's refusal, as the page answers it.
impl From<crate::domain::access::Denied> for AppError {
    fn from(denied: crate::domain::access::Denied) -> Self {
        match denied {
            crate::domain::access::Denied::Missing => AppError::NotFound,
            crate::domain::access::Denied::Refused => AppError::Forbidden,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            AppError::SignInRequired { next } => {
                let target = format!(
                    "/connexion?suite={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return Redirect::to(&target).into_response();
            }
            AppError::SecondFactorRequired => return Redirect::to(crate::web::SECOND_FACTOR_PATH).into_response(),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page introuvable",
                "Cette page n'existe pas ou n'existe plus. Vérifiez l'adresse, ou revenez à l'accueil.",
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Accès refusé",
                "Votre compte ne permet pas d'ouvrir cette page. Si vous pensez en avoir besoin, demandez à l'administrateur·rice de votre structure.",
            ),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Formulaire trop long",
                "Ce que vous avez envoyé est bien plus long que ce que ce formulaire accepte. Revenez à la page précédente et raccourcissez les textes (2 000 caractères au plus par champ).",
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulaire expiré",
                "Ce formulaire a expiré ou ne vient pas de ce site. Revenez à la page précédente, rechargez-la, puis envoyez-le de nouveau.",
            ),
            AppError::Internal(cause) if cause.is::<crate::password::Busy>() => {
                tracing::warn!("password checks queue full: 503");
                let page = ErrorPage::new(
                    "Service très demandé",
                    "Beaucoup de connexions arrivent en même temps. Rien n'a été enregistré : réessayez dans une minute.",
                );
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, "30")],
                    page,
                )
                    .into_response();
            }
            AppError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Une erreur est survenue",
                    "Nous n'avons pas pu traiter votre demande, à cause d'un problème de notre côté. Rien n'a été perdu de ce qui était déjà enregistré. Réessayez dans quelques minutes.",
                )
            }
        };
        let mut response = (status, ErrorPage::new(title, message)).into_response();
        response.extensions_mut().insert(Shown { title, message });
        response
    }
}

/// What an error page said, kept on the response so that the layer which knows the reader
/// (`web::csrf::guard`) can draw it again with the signed-in header.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub title: &'static str,
    pub message: &'static str,
}

pub type AppResult<T> = Result<T, AppError>;
