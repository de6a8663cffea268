//! Field errors shown next to their field, in French.

use std::collections::BTreeMap;

#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
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
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (field, message) in form order is not known here; the summary lists them by name.
    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &String)> {
        self.0.iter()
    }
}

/// Reads a posted form body into `T` (repeated keys become lists). Form structs hold only
/// strings with defaults, so any body parses; a body that still does not is read as empty
/// and every field then gets its "missing" message.
pub fn parse_body<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> T {
    serde_html_form::from_bytes(body).unwrap_or_default()
}
