//! Is the service fit to serve? The judgement behind `/sante/pret`, in the shape of the IETF
//! health-check draft (`status` pass / warn / fail, one entry per check), from readings the
//! database gives: nothing here reads a clock or a table.

use super::duration::MINUTE_MS;
use serde::Serialize;

/// An e-mail or SMS waiting longer than this is a warning; four times longer, a failure (the
/// mail server is down, or no instance delivers).
pub const WAITING_WARN_MS: i64 = 15 * MINUTE_MS;
/// A scheduled job this late means no scheduler runs.
pub const JOB_LATE_FAIL_MS: i64 = 10 * MINUTE_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

/// What the database says, at `now_ms`.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    /// When the oldest message still waiting to leave (pending or being sent) was written.
    pub oldest_waiting_since: Option<i64>,
    /// When the most overdue pending job was due.
    pub oldest_job_due: Option<i64>,
    /// Why the latest daily backup tried failed (None: it worked, or none was tried).
    pub backup_failure: Option<String>,
}

/// One check: what was observed and what it means.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Check {
    #[serde(rename = "componentId")]
    pub component: &'static str,
    pub status: Status,
    #[serde(rename = "observedValue")]
    pub observed_seconds: i64,
    #[serde(rename = "observedUnit")]
    pub unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// The report: the worst status of its checks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub status: Status,
    pub description: &'static str,
    pub checks: std::collections::BTreeMap<&'static str, Vec<Check>>,
}

fn age(since: Option<i64>, now_ms: i64) -> i64 {
    since.map_or(0, |t| (now_ms - t).max(0))
}

/// Judges the readings taken at `now_ms` (the database answered, or there would be none).
pub fn assess(readings: Readings, now_ms: i64) -> Report {
    let waiting = age(readings.oldest_waiting_since, now_ms);
    let waiting_status = match waiting {
        w if w > 4 * WAITING_WARN_MS => Status::Fail,
        w if w > WAITING_WARN_MS => Status::Warn,
        _ => Status::Pass,
    };
    let late = age(readings.oldest_job_due, now_ms);
    let backup_status = if readings.backup_failure.is_some() {
        Status::Warn
    } else {
        Status::Pass
    };
    let late_status = if late > JOB_LATE_FAIL_MS {
        Status::Fail
    } else {
        Status::Pass
    };
    let checks = [
        (
            "outbox:age",
            Check {
                component: "outbox",
                status: waiting_status,
                observed_seconds: waiting / 1000,
                unit: "s",
                output: (waiting_status != Status::Pass).then(|| {
                    format!(
                        "un message attend depuis {} minutes : le serveur d'envoi répond-il ?",
                        waiting / MINUTE_MS
                    )
                }),
            },
        ),
        (
            "scheduler:lateness",
            Check {
                component: "scheduler",
                status: late_status,
                observed_seconds: late / 1000,
                unit: "s",
                output: (late_status != Status::Pass).then(|| {
                    format!(
                        "une tâche planifiée a {} minutes de retard : le planificateur tourne-t-il ?",
                        late / MINUTE_MS
                    )
                }),
            },
        ),
        (
            "backup:last",
            Check {
                component: "backup",
                status: backup_status,
                observed_seconds: 0,
                unit: "s",
                output: readings
                    .backup_failure
                    .as_ref()
                    .map(|e| format!("la dernière sauvegarde quotidienne a échoué (nouvel essai prévu) : {e}")),
            },
        ),
        (
            "database:responsiveness",
            Check {
                component: "database",
                status: Status::Pass,
                observed_seconds: 0,
                unit: "s",
                output: None,
            },
        ),
    ];
    let status = checks.iter().map(|(_, c)| c.status).max().unwrap_or(Status::Pass);
    Report {
        status,
        description: "binome",
        checks: checks.into_iter().map(|(name, check)| (name, vec![check])).collect(),
    }
}

/// The report when the database does not answer.
pub fn database_down(error: &str) -> Report {
    let check = Check {
        component: "database",
        status: Status::Fail,
        observed_seconds: 0,
        unit: "s",
        output: Some(format!("la base de données ne répond pas : {error}")),
    };
    Report {
        status: Status::Fail,
        description: "binome",
        checks: [("database:responsiveness", vec![check])].into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn nothing_waiting_and_nothing_late_passes() {
        assert_eq!(assess(Readings::default(), NOW).status, Status::Pass);
    }

    #[test]
    fn a_message_waiting_twenty_minutes_warns_and_two_hours_fails() {
        let at = |minutes: i64| Readings {
            oldest_waiting_since: Some(NOW - minutes * MINUTE_MS),
            ..Default::default()
        };
        assert_eq!(assess(at(5), NOW).status, Status::Pass);
        assert_eq!(assess(at(20), NOW).status, Status::Warn);
        assert_eq!(assess(at(120), NOW).status, Status::Fail);
    }

    #[test]
    fn a_failed_daily_backup_warns_without_taking_the_service_out() {
        let report = assess(
            Readings {
                backup_failure: Some("disque plein".into()),
                ..Default::default()
            },
            NOW,
        );
        assert_eq!(report.status, Status::Warn);
        assert!(
            report.checks["backup:last"][0]
                .output
                .as_deref()
                .unwrap()
                .contains("disque plein")
        );
    }

    #[test]
    fn a_job_late_by_more_than_ten_minutes_fails() {
        let late = |minutes: i64| Readings {
            oldest_job_due: Some(NOW - minutes * MINUTE_MS),
            ..Default::default()
        };
        assert_eq!(assess(late(2), NOW).status, Status::Pass);
        let report = assess(late(30), NOW);
        assert_eq!(report.status, Status::Fail);
        assert!(
            report.checks["scheduler:lateness"][0]
                .output
                .as_deref()
                .unwrap()
                .contains("30 minutes")
        );
    }
}
