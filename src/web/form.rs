//! Field errors shown next to their field, in French.

/// One message per field, in the order the form checked them (the form's own order), so
/// that the summary at the top lists them as the reader meets the fields.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    /// Records `Err` results, passes `Ok` values through.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, impl Into<String>>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (field, message), in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(f, m)| (*f, m.as_str()))
    }
}

/// Reads a posted form body into `T` (repeated keys become lists). Form structs hold only
/// strings with defaults, so any body parses; a body that still does not is read as empty
/// and every field then gets its "missing" message.
/// A NUL character is dropped wherever it was typed: PostgreSQL cannot store one, and no
/// form has a use for it (the fields that check their characters refuse the other controls).
pub fn parse_body<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> T {
    let has_nul = body.windows(3).any(|w| w == b"%00");
    if !has_nul {
        return serde_html_form::from_bytes(body).unwrap_or_default();
    }
    let mut cleaned = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(b"%00") {
            i += 3;
        } else {
            cleaned.push(body[i]);
            i += 1;
        }
    }
    serde_html_form::from_bytes(&cleaned).unwrap_or_default()
}

/// A posted form read like `axum::Form`, but never refused: fields that are missing or
/// malformed come out empty, and the handler answers them in French next to the field
/// (axum's own rejection is a plain-text 422 in English).
pub struct FormBody<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for FormBody<T>
where
    T: serde::de::DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = crate::web::error::AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| crate::web::error::AppError::TooLarge)?;
        Ok(FormBody(parse_body(&body)))
    }
}

/// No list has more pages than this; a larger number typed in the address bar reads as the
/// last one of this range (past the end, a list is simply empty) instead of overflowing.
pub const MAX_PAGE: u64 = 1_000_000;

/// Page numbers are typed in the address bar: anything that is not a page number is page 1.
pub fn page_number(raw: &str) -> u64 {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(MAX_PAGE)
}
