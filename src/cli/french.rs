//! clap's errors said in French.

/// A clap error, said in French, with what was typed.
pub(super) fn french(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind as K};
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    match e.kind() {
        K::InvalidSubcommand => format!("commande inconnue « {} »", context(ContextKind::InvalidSubcommand)),
        K::UnknownArgument => format!("option inconnue « {arg} »"),
        K::InvalidValue | K::ValueValidation => {
            // Our own parsers explain in French (« … »); the standard library's explanations
            // are in English and left out.
            match std::error::Error::source(e).map(|s| s.to_string()) {
                Some(why) if why.contains('«') => format!("valeur refusée pour {arg} : {why}"),
                _ => format!("valeur refusée pour {arg} : « {value} »"),
            }
        }
        K::MissingRequiredArgument => format!("il manque {arg}"),
        K::NoEquals | K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        K::ArgumentConflict => format!("{arg} ne peut pas être utilisé avec {}", context(ContextKind::PriorArg)),
        K::MissingSubcommand => "indiquez une commande".to_string(),
        _ => "la ligne de commande n'est pas comprise".to_string(),
    }
}
