//! The recruiting poster of one commune: an A4 sheet in easy-to-read French, large type, with
//! a QR code to the volunteer sign-up form with the commune filled in
//! (`/devenir-benevole?commune=<INSEE code>`, at the site's public address). It says nothing
//! of the people waiting there.

use crate::app::AppState;
use crate::db::{self, teams::Team};
use crate::domain::commune::InseeCode;
use crate::domain::profile::spaced_phone;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentCoordinator;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

#[derive(Template, WebTemplate)]
#[template(path = "unmet/poster.html")]
pub struct PosterPage {
    commune: String,
    /// The sign-up address the QR code holds, written out for those who type it.
    url: String,
    /// The QR code as an SVG element, drawn by the `qrcode` crate from `url` alone.
    qr_svg: String,
    team: String,
    phone: Option<String>,
}

/// The address a poster of `code` sends to, at the site's public address.
pub fn signup_url(state: &AppState, code: &InseeCode) -> String {
    state.config.link(&format!("/devenir-benevole?commune={code}"))
}

/// `text` as a QR code in SVG (medium error correction: a poster gets scratched), without the
/// XML declaration, ready to sit inside the page.
fn qr_svg(text: &str) -> AppResult<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("qr code: {e}")))?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].to_string())
}

/// A commune of the reader's territory, with the team that covers it; anything else is not
/// found.
pub async fn poster(
    State(state): State<AppState>,
    coordinator: CurrentCoordinator,
    Path(code): Path<String>,
) -> AppResult<PosterPage> {
    let code = InseeCode::parse(&code).ok_or(AppError::NotFound)?;
    let commune = db::communes::by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let team: &Team = coordinator
        .teams
        .iter()
        .find(|t| t.territory.contains(&code, &commune.departement))
        .ok_or(AppError::NotFound)?;
    let url = signup_url(&state, &code);
    Ok(PosterPage {
        qr_svg: qr_svg(&url)?,
        url,
        commune: commune.name,
        team: team.name.clone(),
        phone: team.contact.phone.as_deref().map(spaced_phone),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_qr_code_is_an_svg_element_without_xml_declaration() {
        let svg = super::qr_svg("https://binome.exemple.fr/devenir-benevole?commune=15120").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert!(!svg.contains("style="), "the site's CSP forbids inline styles");
    }
}
