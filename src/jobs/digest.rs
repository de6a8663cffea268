//! The Monday digest job: one per Monday and time zone (its key is the date, and the zone
//! when it is not Paris), so that several instances and restarts send it once. It plans the
//! next Mondays first, then writes the e-mail of each coordinator living by that zone's clocks
//! (their first team's) — or their stand-in's, `domain::week::digest::deliveries` — into the
//! outbox, keyed by Monday, zone and recipient.

use crate::db::{self, Db};
use crate::domain::dates::french_day;
use crate::domain::job::Job;
use crate::domain::week::digest::{Coordinator, deliveries, next_run_in};
use crate::domain::week::zone::Zone;
use crate::links::Links;
use crate::mail::digest::{Digest, TeamPart, digest};
use chrono::DateTime;
use std::collections::BTreeSet;
use std::collections::HashMap;

/// Schedules the next Monday's digest after `now_ms` for Paris and for every zone a team
/// lives in (once whatever the number of restarts and instances). A team created overseas
/// gets its zone's digest planned at the next start or the next Monday's run.
pub async fn schedule(db: &Db, now_ms: i64) -> anyhow::Result<()> {
    let mut zones: BTreeSet<Zone> = db::week::team_zones(db).await?.into_values().collect();
    zones.insert(Zone::Paris);
    for zone in zones {
        let (day, at) = next_run_in(now_ms, zone);
        db::jobs::schedule_now(db, &Job::WeeklyDigest { day, zone }, at, now_ms).await?;
    }
    Ok(())
}

/// The job of one Monday: the next one is planned first (one failure does not stop the
/// weekly runs), then every digest of the day goes to the outbox at once.
pub async fn run(db: &Db, links: &Links, now_ms: i64, zone: Zone) -> anyhow::Result<()> {
    schedule(db, now_ms).await?;
    let today = DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .with_timezone(&zone.tz())
        .date_naive();
    let zones = db::week::team_zones(db).await?;
    let zone_of = |c: &db::week::CoordinatorRow| {
        c.teams
            .first()
            .and_then(|t| zones.get(t))
            .copied()
            .unwrap_or(Zone::Paris)
    };
    let rows = db::week::coordinators(db).await?;
    let absences = db::week::absence::running(db, today).await?;
    // The stand-ins keep their row (they may live by other clocks); the digests are those of
    // the coordinators on this zone's clocks.
    let here: Vec<i32> = rows.iter().filter(|c| zone_of(c) == zone).map(|c| c.id).collect();
    let coordinators: Vec<Coordinator> = rows
        .iter()
        .filter(|c| here.contains(&c.id))
        .map(|c| Coordinator {
            id: c.id,
            teams: c.teams.clone(),
            wants_digest: c.weekly_digest,
        })
        .collect();
    let plan = deliveries(&coordinators, &absences, today);
    let names: HashMap<i32, String> = db::dashboard::team_names(db, None).await?.into_iter().collect();
    let mut weeks = HashMap::new();
    let desk = links.url("/tableau-de-bord");
    let account_link = links.url(crate::links::ACCOUNT_WEEK);
    let week = french_day(today);
    let mut emails = Vec::new();
    for d in plan {
        let Some(to) = rows.iter().find(|c| c.id == d.to) else {
            continue;
        };
        let mut teams = Vec::new();
        for team_id in &d.teams {
            if !weeks.contains_key(team_id) {
                let name = names.get(team_id).map_or("", String::as_str);
                weeks.insert(*team_id, db::week::digest::team_week(db, *team_id, name, now_ms).await?);
            }
            if let Some(w) = weeks.get(team_id) {
                teams.push(TeamPart::of(w, &desk));
            }
        }
        teams.sort_by(|a, b| a.name.cmp(&b.name));
        let replacing: Vec<String> = d
            .replacing
            .iter()
            .filter_map(|id| {
                let name = &rows.iter().find(|c| c.id == *id)?.name;
                let until = absences.iter().find(|a| a.staff_id == *id)?.to;
                Some(format!("{name} (absent·e jusqu'au {})", french_day(until)))
            })
            .collect();
        emails.push(digest(Digest {
            to: &to.email,
            name: &to.name,
            week: &week,
            teams: &teams,
            replacing: &replacing,
            account_link: &account_link,
            key: match zone {
                Zone::Paris => format!("digest:{}:{}", today.format("%Y-%m-%d"), to.id),
                other => format!("digest:{}:{}:{}", today.format("%Y-%m-%d"), other.code(), to.id),
            },
        })?);
    }
    db::outbox::enqueue_now(db, &emails, None, now_ms).await?;
    tracing::info!(emails = emails.len(), zone = zone.code(), "weekly digest written");
    Ok(())
}
