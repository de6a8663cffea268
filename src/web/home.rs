//! The public home page.

use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    chrome: Chrome,
}

pub async fn show(chrome: Chrome) -> HomePage {
    HomePage { chrome }
}
