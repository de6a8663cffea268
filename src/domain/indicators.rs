//! Anonymous indicators: figures by calendar month (UTC), medians and rates, and the rule of
//! small cells — a figure that counts, or is computed over, fewer than 11 people is never
//! published; it reads "< 11", and so does any figure that would give such a one back by
//! subtraction (`suppression`, over every figure `published`).

pub mod facts;
pub mod published;
pub mod report;
pub mod suppression;

use super::dates::MONTHS;
use chrono::{DateTime, Datelike, Months, NaiveDate};

/// The smallest number of people a published figure may count or be computed over.
pub const MIN_CELL: usize = 11;

const DAYS: f64 = super::duration::DAY_MS as f64;

/// A calendar month (UTC, like every stored instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    /// The month an instant falls in.
    pub fn of(epoch_ms: i64) -> Option<Month> {
        let day = DateTime::from_timestamp_millis(epoch_ms)?.date_naive();
        day.with_day(1).map(Month)
    }

    /// The `n` months up to and including the month of `now_ms`, oldest first.
    pub fn last(n: u32, now_ms: i64) -> Vec<Month> {
        let Some(current) = Month::of(now_ms) else {
            return Vec::new();
        };
        (0..n)
            .rev()
            .filter_map(|back| current.0.checked_sub_months(Months::new(back)).map(Month))
            .collect()
    }

    pub fn start_ms(self) -> i64 {
        self.0.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()
    }

    /// The first instant of the next month.
    pub fn end_ms(self) -> i64 {
        self.0
            .checked_add_months(Months::new(1))
            .map_or(i64::MAX, |next| Month(next).start_ms())
    }

    pub fn contains(self, epoch_ms: i64) -> bool {
        (self.start_ms()..self.end_ms()).contains(&epoch_ms)
    }

    /// "novembre 2026".
    pub fn label(self) -> String {
        format!("{} {}", MONTHS[self.0.month0() as usize], self.0.year())
    }

    /// "nov.", for a chart's axis; with the year under it for January and `with_year`.
    pub fn short_label(self, with_year: bool) -> String {
        const SHORT: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
        ];
        let name = SHORT[self.0.month0() as usize];
        if with_year || self.0.month0() == 0 {
            format!("{name}\n{}", self.0.year())
        } else {
            name.to_string()
        }
    }

    /// "2026-11", for files that sort by it.
    pub fn code(self) -> String {
        self.0.format("%Y-%m").to_string()
    }
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &[i64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
    }
}

/// A figure as it may be published.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(usize),
    Percent(f64),
    Days(f64),
    /// A 0–10 self-rated isolation.
    Score(f64),
    /// Fewer than `MIN_CELL` people: not published.
    Hidden,
    /// At least `MIN_CELL` people, not published either: it would give a hidden figure back
    /// by subtraction (complementary suppression).
    Masked,
}

impl Figure {
    pub fn count(n: usize) -> Figure {
        if n < MIN_CELL { Figure::Hidden } else { Figure::Count(n) }
    }

    /// `part` out of `whole`, as a percentage of a whole of at least `MIN_CELL`.
    pub fn rate(part: usize, whole: usize) -> Figure {
        if whole < MIN_CELL {
            Figure::Hidden
        } else {
            Figure::Percent(100.0 * part as f64 / whole as f64)
        }
    }

    /// The median of durations in milliseconds, in days.
    pub fn median_days(durations_ms: &[i64]) -> Figure {
        match median(durations_ms) {
            Some(m) if durations_ms.len() >= MIN_CELL => Figure::Days(m / DAYS),
            _ => Figure::Hidden,
        }
    }

    pub fn median_score(scores: &[i64]) -> Figure {
        match median(scores) {
            Some(m) if scores.len() >= MIN_CELL => Figure::Score(m),
            _ => Figure::Hidden,
        }
    }

    /// The value a chart draws; nothing for a hidden figure.
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Count(n) => Some(n as f64),
            Figure::Percent(v) => Some(v.round()),
            Figure::Days(v) => Some(v.round()),
            Figure::Score(v) => Some(v),
            Figure::Hidden | Figure::Masked => None,
        }
    }

    pub fn is_hidden(self) -> bool {
        matches!(self, Figure::Hidden | Figure::Masked)
    }

    /// As a page shows it: "12", "83 %", "45 jours", "6,5", "< 11", "masqué".
    pub fn text(self) -> String {
        match self {
            Figure::Percent(_) => format!("{}\u{a0}%", self.number()),
            Figure::Days(v) if v.round() < 2.0 => format!("{}\u{a0}jour", self.number()),
            Figure::Days(_) => format!("{}\u{a0}jours", self.number()),
            _ => self.number(),
        }
    }

    /// The bare number (French decimal comma), or "< 11", or "masqué".
    pub fn number(self) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Percent(v) | Figure::Days(v) => format!("{}", v.round()),
            Figure::Score(v) => format!("{v:.1}").trim_end_matches(".0").replace('.', ","),
            Figure::Hidden => format!("< {MIN_CELL}"),
            Figure::Masked => "masqué".to_string(),
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i32, m: u32, d: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
    }

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&[10, 10, 0, 10]), Some(10.0));
    }

    #[test]
    fn fewer_than_eleven_people_are_never_published() {
        assert_eq!(Figure::count(10), Figure::Hidden);
        assert_eq!(Figure::count(0), Figure::Hidden);
        assert_eq!(Figure::count(11).text(), "11");
        assert_eq!(Figure::Hidden.text(), "< 11");
        assert_eq!(Figure::rate(3, 10), Figure::Hidden, "a rate over 10 people");
        assert_eq!(Figure::rate(10, 12).text(), "83\u{a0}%");
        assert_eq!(Figure::rate(0, 11).text(), "0\u{a0}%");
        let ten_days: Vec<i64> = (1..=10).map(|d| d * 86_400_000).collect();
        assert_eq!(Figure::median_days(&ten_days), Figure::Hidden);
        let eleven: Vec<i64> = (1..=11).map(|d| d * 86_400_000).collect();
        assert_eq!(Figure::median_days(&eleven).text(), "6\u{a0}jours");
        assert_eq!(Figure::median_score(&[5; 10]), Figure::Hidden);
        let scores = [3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9];
        assert_eq!(Figure::median_score(&scores).text(), "6");
        assert_eq!(Figure::median_score(&scores[1..]).number(), "6");
        assert_eq!(Figure::Score(6.5).number(), "6,5");
        assert_eq!(Figure::Hidden.value(), None);
        assert_eq!(
            (Figure::Masked.value(), Figure::Masked.text()),
            (None, "masqué".to_string())
        );
    }

    #[test]
    fn instants_fall_in_their_utc_month() {
        let nov = Month::of(ms(2026, 11, 30) + 86_400_000 - 1).unwrap();
        assert_eq!(nov.code(), "2026-11");
        assert_eq!(nov.label(), "novembre 2026");
        assert_eq!(nov.short_label(false), "nov.");
        assert_eq!(nov.short_label(true), "nov.\n2026");
        assert_eq!(Month::of(ms(2027, 1, 3)).unwrap().short_label(false), "janv.\n2027");
        assert_eq!(nov.start_ms(), ms(2026, 11, 1));
        assert_eq!(nov.end_ms(), ms(2026, 12, 1));
        assert!(nov.contains(ms(2026, 11, 1)) && !nov.contains(ms(2026, 12, 1)));
        assert_eq!(Month::of(ms(2026, 12, 1)).unwrap().label(), "décembre 2026");
    }

    #[test]
    fn the_last_twelve_months_end_with_the_current_one() {
        let months = Month::last(12, ms(2027, 2, 15));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].code(), "2026-03");
        assert_eq!(months[11].code(), "2027-02");
        assert!(
            months.windows(2).all(|w| w[0].end_ms() == w[1].start_ms()),
            "no gap, no overlap"
        );
    }
}
