//! Volunteer time: the hours a volunteer gives and the kilometres they drive for their
//! binômes, logged month by month in their space (one figure per month, replaced when they
//! correct it), and the yearly statement (« Relevé annuel de bénévolat ») the association
//! uses for an *abandon de frais* receipt or to value volunteering in its accounts.

pub mod totals;

use super::dates::MONTHS;
use chrono::{DateTime, Datelike};

/// The highest number of hours a month can hold (ten a day).
pub const MAX_HOURS: u32 = 300;
/// The highest number of kilometres a month can hold.
pub const MAX_KM: u32 = 5_000;
/// How far back a volunteer may log a month: two years, the months a yearly statement needs.
pub const MONTHS_BACK: i32 = 24;
/// No figure of these forms is longer: a longer one is refused before it is read.
pub const MAX_TYPED: usize = 12;

/// A calendar month a volunteer logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl LogMonth {
    pub fn new(year: i32, month: u32) -> Option<LogMonth> {
        (1..=12).contains(&month).then_some(LogMonth { year, month })
    }

    /// The month an instant falls in (UTC, like every stored instant).
    pub fn of(epoch_ms: i64) -> LogMonth {
        let day = DateTime::from_timestamp_millis(epoch_ms)
            .unwrap_or_default()
            .date_naive();
        LogMonth {
            year: day.year(),
            month: day.month(),
        }
    }

    fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    fn from_index(i: i32) -> LogMonth {
        LogMonth {
            year: i.div_euclid(12),
            month: (i.rem_euclid(12) + 1) as u32,
        }
    }

    /// The months a volunteer may log at `now_ms`: this month and the `MONTHS_BACK` before
    /// it, newest first.
    pub fn open(now_ms: i64) -> Vec<LogMonth> {
        let current = LogMonth::of(now_ms).index();
        (0..=MONTHS_BACK)
            .map(|back| LogMonth::from_index(current - back))
            .collect()
    }

    /// "2027-01", the value a form posts.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "janvier 2027".
    pub fn label(self) -> String {
        format!("{} {}", self.name(), self.year)
    }

    /// "janvier".
    pub fn name(self) -> &'static str {
        MONTHS[(self.month - 1) as usize]
    }

    /// The month a form posted, if it may be logged at `now_ms`; else what to say.
    pub fn parse(typed: &str, now_ms: i64) -> Result<LogMonth, &'static str> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err("Choisissez le mois.");
        }
        let month = typed
            .split_once('-')
            .and_then(|(y, m)| LogMonth::new(y.parse().ok()?, m.parse().ok()?))
            .filter(|_| typed.len() <= 7)
            .ok_or("Ce mois n'existe pas : choisissez-le dans la liste.")?;
        let current = LogMonth::of(now_ms);
        if month > current {
            return Err("Ce mois n'est pas encore passé : vous pourrez l'indiquer plus tard.");
        }
        if current.index() - month.index() > MONTHS_BACK {
            return Err("Ce mois est trop ancien : on peut indiquer les 24 derniers mois seulement.");
        }
        Ok(month)
    }
}

/// What a number counts, for the messages: « heures » / « d'heures ».
struct Unit {
    plural: &'static str,
    of: &'static str,
}

const HOURS: Unit = Unit {
    plural: "heures",
    of: "d'heures",
};
const KILOMETRES: Unit = Unit {
    plural: "kilomètres",
    of: "de kilomètres",
};

/// A number typed the French way (« 2,5 », « 12 », « 3.75 », « 5 000 »), as whole
/// `1 / 10^decimals` units; `Err` says what is wrong, in French.
fn parse_decimal(typed: &str, decimals: u32, max: u32, unit: Unit) -> Result<u32, String> {
    let Unit { plural, of } = unit;
    if typed.chars().count() > MAX_TYPED * 2 {
        return Err(format!(
            "Ce nombre est trop long : indiquez un nombre {of} entre 0 et {max}."
        ));
    }
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.is_empty() {
        return Err(format!("Indiquez un nombre {of} (0 s'il n'y en a pas)."));
    }
    if typed.chars().count() > MAX_TYPED {
        return Err(format!(
            "Ce nombre est trop long : indiquez un nombre {of} entre 0 et {max}."
        ));
    }
    if typed.starts_with('-') {
        return Err(format!("Le nombre {of} ne peut pas être négatif."));
    }
    let (whole, fraction) = typed.split_once([',', '.']).unwrap_or((typed.as_str(), ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(format!("Écrivez un nombre {of} en chiffres, par exemple 2,5."));
    }
    if fraction.len() as u32 > decimals {
        return Err(match decimals {
            1 => "Indiquez au plus un chiffre après la virgule.".to_string(),
            _ => format!("Indiquez au plus {decimals} chiffres après la virgule."),
        });
    }
    let scale = 10u64.pow(decimals);
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().unwrap_or(u64::MAX)
    };
    let padded = format!("{fraction:0<width$}", width = decimals as usize);
    let fraction: u64 = padded.parse().unwrap_or(0);
    let value = whole.saturating_mul(scale).saturating_add(fraction);
    if value > u64::from(max) * scale {
        return Err(format!(
            "Indiquez au plus {} {plural} par mois.",
            decimal_text(u64::from(max), 1)
        ));
    }
    Ok(value as u32)
}

/// Hours given in a month, in hundredths of an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hours(pub u32);

impl Hours {
    pub fn parse(typed: &str) -> Result<Hours, String> {
        parse_decimal(typed, 2, MAX_HOURS, HOURS).map(Hours)
    }

    /// « 2,5 », « 12 », « 1,25 ».
    pub fn text(self) -> String {
        decimal_text(u64::from(self.0), 100)
    }
}

/// Kilometres driven in a month, in tenths of a kilometre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Km(pub u32);

impl Km {
    pub fn parse(typed: &str) -> Result<Km, String> {
        parse_decimal(typed, 1, MAX_KM, KILOMETRES).map(Km)
    }

    /// « 120 », « 12,5 ».
    pub fn text(self) -> String {
        decimal_text(u64::from(self.0), 10)
    }
}

/// `value / scale` with a French decimal comma, no trailing zero, thousands spaced
/// (« 1 234,5 »).
pub fn decimal_text(value: u64, scale: u64) -> String {
    let whole = value / scale;
    let digits = scale.ilog10() as usize;
    let fraction = match digits {
        0 => String::new(),
        _ => format!("{:0width$}", value % scale, width = digits),
    };
    let fraction = fraction.trim_end_matches('0');
    let whole = whole.to_string();
    let mut spaced = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            spaced.push('\u{202f}');
        }
        spaced.push(c);
    }
    if fraction.is_empty() {
        spaced
    } else {
        format!("{spaced},{fraction}")
    }
}

/// One logged month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub month: LogMonth,
    pub hours: Hours,
    pub km: Km,
}

impl Entry {
    /// Nothing given and nothing driven: the volunteer takes the month back.
    pub fn is_empty(&self) -> bool {
        self.hours.0 == 0 && self.km.0 == 0
    }
}

/// A volunteer's year: the months they logged in it, in order, and the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub year: i32,
    pub months: Vec<Entry>,
    pub hours: Hours,
    pub km: Km,
}

impl Statement {
    /// The statement of `year` out of every month a volunteer logged.
    pub fn of_year(year: i32, entries: &[Entry]) -> Statement {
        let mut months: Vec<Entry> = entries.iter().copied().filter(|e| e.month.year == year).collect();
        months.sort_by_key(|e| e.month);
        Statement {
            year,
            hours: Hours(months.iter().map(|e| e.hours.0).sum()),
            km: Km(months.iter().map(|e| e.km.0).sum()),
            months,
        }
    }
}

/// The years a volunteer may ask a statement for: those they logged, and the current one,
/// newest first.
pub fn statement_years(entries: &[Entry], now_ms: i64) -> Vec<i32> {
    let mut years: Vec<i32> = entries.iter().map(|e| e.month.year).collect();
    years.push(LogMonth::of(now_ms).year);
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[cfg(test)]
mod tests;
