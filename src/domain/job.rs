//! What a scheduled job is: its kind (the code stored in the `job` table) and its payload.
//! The payload travels in the job's idempotency key, which is built and read here and
//! nowhere else; a stored row that does not read back exactly is an error, never a default.

use chrono::NaiveDate;

/// The `pairing_id` stored for jobs that concern no pairing.
pub const NO_PAIRING: i32 = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    ExpireProposal,
    CheckinDue,
    CheckinReminder,
    CheckinAlert,
    AlertEmail,
    DailyPurge,
    Bench,
    MeetingReminder,
    DailyBackup,
    WeeklyDigest,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::ExpireProposal,
        Kind::CheckinDue,
        Kind::CheckinReminder,
        Kind::CheckinAlert,
        Kind::AlertEmail,
        Kind::DailyPurge,
        Kind::Bench,
        Kind::MeetingReminder,
        Kind::DailyBackup,
        Kind::WeeklyDigest,
    ];

    /// The code stored in the `kind` column.
    pub fn code(self) -> &'static str {
        match self {
            Kind::ExpireProposal => "expire_proposal",
            Kind::CheckinDue => "checkin_due",
            Kind::CheckinReminder => "checkin_reminder",
            Kind::CheckinAlert => "checkin_alert",
            Kind::AlertEmail => "alert_email",
            Kind::DailyPurge => "rgpd_purge",
            Kind::Bench => "bench",
            Kind::MeetingReminder => "meeting_reminder",
            Kind::DailyBackup => "daily_backup",
            Kind::WeeklyDigest => "weekly_digest",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A job with its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A proposal nobody answered expires.
    ExpireProposal { pairing_id: i32 },
    /// Check-in `number` of a binôme falls due.
    CheckinDue { pairing_id: i32, number: i32 },
    /// Three days later, a reminder to whoever has not answered it.
    CheckinReminder { pairing_id: i32, number: i32 },
    /// Seven days later, an alert about whoever still has not answered it.
    CheckinAlert { pairing_id: i32, number: i32 },
    /// The team's coordinators are told that an alert awaits them.
    AlertEmail { alert_id: i32 },
    /// The retention purge of one day.
    DailyPurge { day: NaiveDate },
    /// A job of the `bench-jobs` benchmark, which does nothing but leave a mark.
    Bench { n: u64 },
    /// The day before a first meeting, a reminder to each side — of this version of it
    /// (`sequence`): a meeting moved or cancelled since makes it do nothing.
    MeetingReminder { pairing_id: i32, sequence: i32 },
    /// The backup of one day (Paris date), when the service is set to take one.
    DailyBackup { day: NaiveDate },
    /// The coordinators' digest of one Monday (date on the zone's clocks), for the teams that
    /// live by `zone`'s clocks.
    WeeklyDigest {
        day: NaiveDate,
        zone: crate::domain::week::zone::Zone,
    },
}

impl Job {
    pub fn kind(&self) -> Kind {
        match self {
            Job::ExpireProposal { .. } => Kind::ExpireProposal,
            Job::CheckinDue { .. } => Kind::CheckinDue,
            Job::CheckinReminder { .. } => Kind::CheckinReminder,
            Job::CheckinAlert { .. } => Kind::CheckinAlert,
            Job::AlertEmail { .. } => Kind::AlertEmail,
            Job::DailyPurge { .. } => Kind::DailyPurge,
            Job::Bench { .. } => Kind::Bench,
            Job::MeetingReminder { .. } => Kind::MeetingReminder,
            Job::DailyBackup { .. } => Kind::DailyBackup,
            Job::WeeklyDigest { .. } => Kind::WeeklyDigest,
        }
    }

    /// The pairing the job concerns (its jobs are cancelled when it ends), or `NO_PAIRING`.
    pub fn pairing_id(&self) -> i32 {
        match self {
            Job::ExpireProposal { pairing_id }
            | Job::CheckinDue { pairing_id, .. }
            | Job::CheckinReminder { pairing_id, .. }
            | Job::CheckinAlert { pairing_id, .. }
            | Job::MeetingReminder { pairing_id, .. } => *pairing_id,
            Job::AlertEmail { .. }
            | Job::DailyPurge { .. }
            | Job::Bench { .. }
            | Job::DailyBackup { .. }
            | Job::WeeklyDigest { .. } => NO_PAIRING,
        }
    }

    /// The idempotency key: the same job scheduled twice is stored once.
    pub fn key(&self) -> String {
        match self {
            Job::ExpireProposal { pairing_id } => format!("expire:{pairing_id}"),
            Job::CheckinDue { pairing_id, number } => format!("checkin:{pairing_id}:{number}"),
            Job::CheckinReminder { pairing_id, number } => format!("reminder:{pairing_id}:{number}"),
            Job::CheckinAlert { pairing_id, number } => format!("alert:{pairing_id}:{number}"),
            Job::AlertEmail { alert_id } => format!("alert-email:{alert_id}"),
            Job::DailyPurge { day } => format!("rgpd-purge:{}", day.format("%Y-%m-%d")),
            Job::Bench { n } => format!("bench:{n}"),
            Job::MeetingReminder { pairing_id, sequence } => format!("meeting-reminder:{pairing_id}:{sequence}"),
            Job::DailyBackup { day } => format!("backup:{}", day.format("%Y-%m-%d")),
            // Paris keeps the key of the first version (jobs already planned stay readable).
            Job::WeeklyDigest { day, zone } => match zone {
                crate::domain::week::zone::Zone::Paris => format!("digest:{}", day.format("%Y-%m-%d")),
                other => format!("digest:{}:{}", day.format("%Y-%m-%d"), other.code()),
            },
        }
    }

    /// Reads a stored row back: its kind, its pairing and its key must agree exactly.
    pub fn parse(kind: &str, pairing_id: i32, key: &str) -> Result<Self, String> {
        let unreadable = || format!("job {kind} on pairing {pairing_id} with key {key:?}");
        let kind = Kind::parse(kind).ok_or_else(unreadable)?;
        let fields: Vec<&str> = key.split(':').skip(1).collect();
        let int = |i: usize| fields.get(i).and_then(|f| f.parse::<i32>().ok());
        let pair = || int(0).zip(int(1));
        let day = || {
            fields
                .first()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let job = match kind {
            Kind::ExpireProposal => int(0).map(|pairing_id| Job::ExpireProposal { pairing_id }),
            Kind::CheckinDue => pair().map(|(pairing_id, number)| Job::CheckinDue { pairing_id, number }),
            Kind::CheckinReminder => pair().map(|(pairing_id, number)| Job::CheckinReminder { pairing_id, number }),
            Kind::CheckinAlert => pair().map(|(pairing_id, number)| Job::CheckinAlert { pairing_id, number }),
            Kind::AlertEmail => int(0).map(|alert_id| Job::AlertEmail { alert_id }),
            Kind::DailyPurge => day().map(|day| Job::DailyPurge { day }),
            Kind::DailyBackup => day().map(|day| Job::DailyBackup { day }),
            Kind::WeeklyDigest => {
                let zone = match fields.get(1) {
                    None => Some(crate::domain::week::zone::Zone::Paris),
                    Some(code) => crate::domain::week::zone::Zone::parse(code),
                };
                day().zip(zone).map(|(day, zone)| Job::WeeklyDigest { day, zone })
            }
            Kind::Bench => fields.first().and_then(|n| n.parse().ok()).map(|n| Job::Bench { n }),
            Kind::MeetingReminder => pair().map(|(pairing_id, sequence)| Job::MeetingReminder { pairing_id, sequence }),
        };
        job.filter(|j| j.key() == key && j.pairing_id() == pairing_id)
            .ok_or_else(unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Job> {
        vec![
            Job::ExpireProposal { pairing_id: 7 },
            Job::CheckinDue {
                pairing_id: 7,
                number: 3,
            },
            Job::CheckinReminder {
                pairing_id: 7,
                number: 3,
            },
            Job::CheckinAlert {
                pairing_id: 7,
                number: 3,
            },
            Job::AlertEmail { alert_id: 12 },
            Job::DailyPurge {
                day: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            },
            Job::Bench { n: 99 },
            Job::MeetingReminder {
                pairing_id: 7,
                sequence: 2,
            },
            Job::DailyBackup {
                day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            },
            Job::WeeklyDigest {
                day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                zone: crate::domain::week::zone::Zone::Paris,
            },
            Job::WeeklyDigest {
                day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                zone: crate::domain::week::zone::Zone::Reunion,
            },
        ]
    }

    #[test]
    fn every_job_reads_back_from_its_row() {
        for job in every_kind() {
            let read = Job::parse(job.kind().code(), job.pairing_id(), &job.key());
            assert_eq!(read, Ok(job));
        }
    }

    #[test]
    fn the_keys_stay_those_already_stored() {
        let keys: Vec<String> = every_kind().iter().map(Job::key).collect();
        assert_eq!(
            keys,
            [
                "expire:7",
                "checkin:7:3",
                "reminder:7:3",
                "alert:7:3",
                "alert-email:12",
                "rgpd-purge:2026-12-04",
                "bench:99",
                "meeting-reminder:7:2",
                "backup:2026-12-07",
                "digest:2026-12-07",
                "digest:2026-12-07:reunion"
            ]
        );
    }

    #[test]
    fn a_row_that_does_not_read_back_is_an_error_not_check_in_one() {
        assert!(Job::parse("checkin_due", 7, "checkin:7:").is_err(), "no number");
        assert!(Job::parse("checkin_due", 7, "checkin:7:x").is_err());
        assert!(Job::parse("checkin_due", 7, "checkin:7:2:extra").is_err());
        assert!(Job::parse("checkin_due", 8, "checkin:7:2").is_err(), "another pairing");
        assert!(
            Job::parse("weekly_digest", NO_PAIRING, "digest:2026-12-07:mars").is_err(),
            "an unknown time zone"
        );
        assert!(
            Job::parse("checkin_due", 7, "reminder:7:2").is_err(),
            "another kind's key"
        );
        assert!(
            Job::parse("alert_email", 3, "alert-email:1").is_err(),
            "a global job has no pairing"
        );
        assert!(Job::parse("send_fax", 7, "checkin:7:2").is_err(), "unknown kind");
        assert!(Job::parse("rgpd_purge", 0, "rgpd-purge:?").is_err());
    }
}
