//! The Monday digest: when it goes (Mondays at 08:00 on the team's clocks — Paris, or an
//! overseas département's, `zone` —, whatever the season),
//! who receives which teams' figures (absences included), and the lines it shows — counts
//! and links to the desk, never a name, a health detail or a word typed in a check-in.

use super::absence::{Absence, receiver};
use super::zone::Zone;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Weekday};

/// A binôme without news for this long shows in the digest.
pub const NO_NEWS_DAYS: i64 = 30;
/// A check-in unanswered this long after it fell due is late (the reminder went).
pub const LATE_AFTER_DAYS: i64 = 3;
/// How many of the longest waits the digest gives, in days.
pub const LONGEST_SHOWN: usize = 3;

fn eight() -> NaiveTime {
    NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The first Monday 08:00 on Paris clocks strictly after `after_ms`, and its Paris date.
pub fn next_run(after_ms: i64) -> (NaiveDate, i64) {
    next_run_in(after_ms, Zone::Paris)
}

/// The first Monday 08:00 on `zone`'s clocks strictly after `after_ms`, and its date there.
pub fn next_run_in(after_ms: i64, zone: Zone) -> (NaiveDate, i64) {
    let tz = zone.tz();
    let after = DateTime::from_timestamp_millis(after_ms).unwrap_or_default();
    let mut day = after.with_timezone(&tz).date_naive();
    // This week's Monday, else the next: eight days always hold one after `after_ms`.
    for _ in 0..8 {
        let instant = tz.from_local_datetime(&day.and_time(eight())).earliest();
        if day.weekday() == Weekday::Mon
            && let Some(ms) = instant.map(|i| i.timestamp_millis()).filter(|ms| *ms > after_ms)
        {
            return (day, ms);
        }
        day = day.succ_opt().unwrap_or(day);
    }
    (day, after_ms + 7 * 86_400_000)
}

/// A coordinator as the digest sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Coordinator {
    pub id: i32,
    pub teams: Vec<i32>,
    /// Left on in « Mon compte » (the default).
    pub wants_digest: bool,
}

/// One e-mail of a Monday: to whom, the teams it counts (sorted, once each), and the
/// coordinators it stands in for (away that day).
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub to: i32,
    pub teams: Vec<i32>,
    pub replacing: Vec<i32>,
}

/// Each coordinator who wants the digest has theirs — sent to whoever receives for them on
/// `day` ([`receiver`]); someone who stands in for colleagues gets one e-mail for all.
pub fn deliveries(coordinators: &[Coordinator], absences: &[Absence], day: NaiveDate) -> Vec<Delivery> {
    let mut out: Vec<Delivery> = Vec::new();
    for c in coordinators.iter().filter(|c| c.wants_digest && !c.teams.is_empty()) {
        let mut to = receiver(c.id, absences, day);
        if !coordinators.iter().any(|x| x.id == to) {
            to = c.id;
        }
        let index = match out.iter().position(|d| d.to == to) {
            Some(i) => i,
            None => {
                out.push(Delivery {
                    to,
                    teams: Vec::new(),
                    replacing: Vec::new(),
                });
                out.len() - 1
            }
        };
        let d = &mut out[index];
        d.teams.extend(&c.teams);
        d.teams.sort_unstable();
        d.teams.dedup();
        if to != c.id {
            d.replacing.push(c.id);
        }
    }
    out.sort_by_key(|d| d.to);
    out
}

/// What the digest counts of one team.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamWeek {
    pub team_id: i32,
    pub name: String,
    pub alerts: i64,
    pub calls: i64,
    pub no_news: i64,
    pub late_checkins: i64,
    pub waiting: i64,
    /// The longest waits, in whole days, longest first.
    pub longest_waits: Vec<i64>,
    pub to_approve: i64,
}

/// One line of the digest: what, how many, and the desk's list that shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub count: i64,
    /// The anchor of the desk's list (`alertes`, `appels`…).
    pub anchor: &'static str,
}

/// "120, 45 et 12 jours".
fn days_list(days: &[i64]) -> String {
    let words: Vec<String> = days.iter().map(i64::to_string).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => format!("{last} jours"),
        Some((last, rest)) => format!("{} et {last} jours", rest.join(", ")),
    }
}

impl TeamWeek {
    /// The lines of the team's part, in the desk's order.
    pub fn lines(&self) -> Vec<Line> {
        let line = |label: String, count: i64, anchor| Line { label, count, anchor };
        let mut waiting = "Personnes en attente d'un binôme".to_string();
        if !self.longest_waits.is_empty() {
            waiting.push_str(&format!(
                " (les plus longues attentes : {})",
                days_list(&self.longest_waits)
            ));
        }
        vec![
            line("Alertes à traiter".into(), self.alerts, "alertes"),
            line("Appels à passer".into(), self.calls, "appels"),
            line(
                format!("Binômes sans nouvelles depuis {NO_NEWS_DAYS} jours"),
                self.no_news,
                "binomes",
            ),
            line("Points de suivi en retard".into(), self.late_checkins, "binomes"),
            line(waiting, self.waiting, "attente"),
            line("Bénévoles à valider".into(), self.to_approve, "benevoles"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
    }

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn monday_eight_in_paris_is_seven_utc_in_winter_and_six_in_summer() {
        assert_eq!(
            next_run(ms("2026-12-06T20:00:00Z")),
            (date(12, 7), ms("2026-12-07T07:00:00Z"))
        );
        assert_eq!(
            next_run(ms("2026-07-01T10:00:00Z")),
            (date(7, 6), ms("2026-07-06T06:00:00Z"))
        );
        assert_eq!(
            next_run(ms("2026-12-07T07:00:00Z")),
            (date(12, 14), ms("2026-12-14T07:00:00Z")),
            "the run of the moment itself is next week's"
        );
        assert_eq!(
            next_run(ms("2026-10-25T12:00:00Z")),
            (date(10, 26), ms("2026-10-26T07:00:00Z")),
            "the Monday after the clocks went back"
        );
    }

    fn coordinator(id: i32, teams: &[i32], wants_digest: bool) -> Coordinator {
        Coordinator {
            id,
            teams: teams.to_vec(),
            wants_digest,
        }
    }

    #[test]
    fn one_email_each_with_all_their_teams_and_none_for_who_opted_out() {
        let all = [
            coordinator(1, &[10, 11], true),
            coordinator(2, &[11], true),
            coordinator(3, &[10], false),
        ];
        let sent = deliveries(&all, &[], date(12, 7));
        assert_eq!(sent.iter().map(|d| d.to).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(sent[0].teams, [10, 11]);
    }

    #[test]
    fn the_colleague_receives_the_absent_ones_digest_in_the_same_email() {
        let all = [coordinator(1, &[10], true), coordinator(2, &[10, 11], true)];
        let absence = Absence {
            staff_id: 1,
            stand_in_id: 2,
            from: date(12, 1),
            to: date(12, 10),
        };
        let sent = deliveries(&all, std::slice::from_ref(&absence), date(12, 7));
        assert_eq!(
            sent,
            [Delivery {
                to: 2,
                teams: vec![10, 11],
                replacing: vec![1]
            }]
        );
        assert_eq!(
            deliveries(&all, &[absence], date(12, 14)).len(),
            2,
            "back after the absence"
        );
    }

    #[test]
    fn the_waits_read_as_a_french_list() {
        let week = TeamWeek {
            waiting: 4,
            longest_waits: vec![120, 45, 12],
            ..TeamWeek::default()
        };
        let waiting = &week.lines()[4];
        assert_eq!(
            waiting.label,
            "Personnes en attente d'un binôme (les plus longues attentes : 120, 45 et 12 jours)"
        );
        assert_eq!((waiting.count, waiting.anchor), (4, "attente"));
        assert_eq!(days_list(&[3]), "3 jours");
    }
}
