//! The style sheets and the one small script, embedded in the binary.

use crate::web::error::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../static/binome.css");
/// The printable charter's own sheet, so that the page fits one A4 sheet.
const PRINT_CSS: &str = include_str!("../../static/print.css");
/// The recruiting poster's sheet (A4, large type, the QR code).
const POSTER_CSS: &str = include_str!("../../static/poster.css");
/// The letters' sheet (A4, one a page, window envelope) and their print button.
const LETTERS_CSS: &str = include_str!("../../static/letters.css");
const LETTERS_JS: &str = include_str!("../../static/letters.js");
const COMMUNE_JS: &str = include_str!("../../static/commune.js");
/// The tab icon: two circles side by side, a binôme.
const ICON_SVG: &str = include_str!("../../static/icon.svg");

/// `/favicon.ico`, asked by every browser on its first visit: the SVG icon (browsers read it
/// whatever the name), rather than a 404 in the console.
pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON_SVG,
    )
}

pub async fn serve(Path(file): Path<String>) -> Result<impl IntoResponse, AppError> {
    let (body, kind) = match file.as_str() {
        "binome.css" => (CSS, "text/css; charset=utf-8"),
        "print.css" => (PRINT_CSS, "text/css; charset=utf-8"),
        "poster.css" => (POSTER_CSS, "text/css; charset=utf-8"),
        "letters.css" => (LETTERS_CSS, "text/css; charset=utf-8"),
        "letters.js" => (LETTERS_JS, "text/javascript; charset=utf-8"),
        "commune.js" => (COMMUNE_JS, "text/javascript; charset=utf-8"),
        "icon.svg" => (ICON_SVG, "image/svg+xml"),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    ))
}
