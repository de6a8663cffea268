//! The scheduler: one pass (`run_due`) handles the jobs due at `now` and returns how many
//! ran; `worker::run` is the loop around it in `serve`. Every job re-reads the pairing and
//! does nothing if the situation moved on (ended, answered…), so replays are harmless.

use crate::app::{AppState, random_hex, sha256_hex};
use crate::db::pairings::{Notices, Pairing};
use crate::db::{self, checkins::NewAlert, jobs::Claimed, people::NewToken};
use crate::domain::checkin::{ALERT_AFTER_MS, DAY_MS, DEFAULT_EVERY_DAYS, REMINDER_AFTER_MS};
use crate::domain::pairing::{Action, Plan, State};
use crate::mail::emails;
use crate::worker::Stop;

const CHECKIN_LINK_MS: i64 = 14 * 24 * 3600 * 1000;

/// Runs the jobs due at `now_ms`; one failing job is retried later and does not stop the others.
pub async fn run_due(state: &AppState, now_ms: i64) -> anyhow::Result<usize> {
    run_due_until(state, now_ms, &Stop::never()).await
}

/// Same, but when `stop` is asked the job in hand is finished and the rest of the claim is
/// released for another instance (or the next start).
pub async fn run_due_until(state: &AppState, now_ms: i64, stop: &Stop) -> anyhow::Result<usize> {
    let claimed = db::jobs::claim(&state.db, now_ms, 50).await?;
    for (i, job) in claimed.iter().enumerate() {
        if stop.requested() {
            db::jobs::release(&state.db, &claimed[i..]).await?;
            return Ok(i);
        }
        let outcome = run_one(state, job, now_ms).await.map_err(|e| format!("{e:#}"));
        if let Err(e) = &outcome {
            tracing::warn!(job_id = job.id, kind = %job.kind, error = %e, "job failed");
        }
        db::jobs::finish(&state.db, job, outcome, now_ms).await?;
    }
    Ok(claimed.len())
}

fn number_of(key: &str) -> i32 {
    key.rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(1)
}

async fn run_one(state: &AppState, job: &Claimed, now_ms: i64) -> anyhow::Result<()> {
    if job.kind == db::jobs::ALERT_EMAIL {
        return alert_email(state, number_of(&job.key), now_ms).await;
    }
    if job.kind == db::rgpd::PURGE_JOB {
        db::rgpd::run_daily_purge(&state.db, now_ms).await?;
        return housekeeping(&state.db, now_ms).await;
    }
    let Some(pairing) = db::pairings::pairing(&state.db, job.pairing_id).await? else {
        return Ok(());
    };
    match job.kind.as_str() {
        db::jobs::EXPIRE_PROPOSAL => expire(state, &pairing, now_ms).await,
        db::jobs::CHECKIN_DUE => open_checkins(state, &pairing, number_of(&job.key), job.run_at, now_ms).await,
        db::jobs::CHECKIN_REMINDER => remind(state, &pairing, number_of(&job.key), now_ms).await,
        db::jobs::CHECKIN_ALERT => no_answer(state, &pairing, number_of(&job.key), now_ms).await,
        other => anyhow::bail!("unknown job kind {other}"),
    }
}

/// The daily clean-up beside the retention purge: what served only to count requests or
/// open sessions, and the sign-ups whose address was never confirmed.
pub async fn housekeeping(db: &db::Db, now_ms: i64) -> anyhow::Result<()> {
    let counters = db::throttle::purge(db, now_ms).await?;
    let sessions = db::sessions::DbSessionStore::new(db.clone())
        .delete_expired(now_ms)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let unconfirmed = db::people::purge_unconfirmed(db, now_ms).await?;
    tracing::info!(counters, sessions, unconfirmed, "housekeeping done");
    Ok(())
}

/// No answer in 7 days: the proposal expires, the coordinator is told, the person goes back
/// to the next round.
async fn expire(state: &AppState, p: &Pairing, now_ms: i64) -> anyhow::Result<()> {
    if p.state != State::Proposed {
        return Ok(());
    }
    let Some(plan) = Plan::step(
        p.binome(),
        Action::Expire,
        "binome (7 jours sans réponse)",
        None,
        now_ms,
    ) else {
        return Ok(());
    };
    if db::pairings::write(&state.db, &plan, &Notices::default(), now_ms).await? {
        let volunteer = db::people::by_id(&state.db, p.volunteer_id)
            .await?
            .map(|v| v.full_name())
            .unwrap_or_default();
        let alert = NewAlert {
            team_id: p.team_id,
            pairing_id: Some(p.id),
            person_id: Some(p.volunteer_id),
            kind: "no_answer".into(),
            message: format!(
                "{volunteer} n'a pas répondu à la proposition en 7 jours : la personne revient au prochain calcul."
            ),
        };
        db::checkins::raise_alert(&state.db, &alert, now_ms).await?;
    }
    Ok(())
}

/// A check-in falls due: each side gets a link (or a call task for someone without e-mail),
/// the reminder and the alert are scheduled, and so is the next check-in.
async fn open_checkins(state: &AppState, p: &Pairing, n: i32, due_at: i64, now_ms: i64) -> anyhow::Result<()> {
    if p.state.is_closed() {
        return Ok(());
    }
    let every_days = db::teams::by_id(&state.db, p.team_id)
        .await?
        .map_or(DEFAULT_EVERY_DAYS, |t| t.checkin_every_days);
    let next = (
        db::jobs::CHECKIN_DUE,
        due_at + i64::from(every_days) * DAY_MS,
        format!("checkin:{}:{}", p.id, n + 1),
    );
    if p.state == State::Active {
        let person = db::people::by_id(&state.db, p.beneficiary_id).await?;
        let volunteer = db::people::by_id(&state.db, p.volunteer_id).await?;
        if let (Some(person), Some(volunteer)) = (person, volunteer) {
            for (side, other, role) in [(&volunteer, &person, "volunteer"), (&person, &volunteer, "beneficiary")] {
                let id = db::checkins::open(&state.db, p.id, side.id, role, n, due_at).await?;
                send_link(
                    state,
                    side.id,
                    side.profile.email.as_deref(),
                    &side.profile.first_name,
                    &other.profile.first_name,
                    role == "beneficiary",
                    id,
                    false,
                    now_ms,
                )
                .await?;
            }
        }
        let key = |k: &str| format!("{k}:{}:{n}", p.id);
        db::jobs::schedule_now(
            &state.db,
            db::jobs::CHECKIN_REMINDER,
            p.id,
            due_at + REMINDER_AFTER_MS,
            &key("reminder"),
            now_ms,
        )
        .await?;
        db::jobs::schedule_now(
            &state.db,
            db::jobs::CHECKIN_ALERT,
            p.id,
            due_at + ALERT_AFTER_MS,
            &key("alert"),
            now_ms,
        )
        .await?;
    }
    db::jobs::schedule_now(&state.db, next.0, p.id, next.1, &next.2, now_ms).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn send_link(
    state: &AppState,
    person_id: i32,
    email: Option<&str>,
    first: &str,
    other: &str,
    falc: bool,
    checkin_id: i32,
    reminder: bool,
    now_ms: i64,
) -> anyhow::Result<()> {
    let Some(address) = email else { return Ok(()) }; // no e-mail: the coordinator calls (call task)
    let token = random_hex(24);
    let link = state.config.link(&format!("/point/{token}"));
    let key = format!("checkin:{checkin_id}:{}", if reminder { "reminder" } else { "request" });
    let message = emails::checkin(address, first, other, &link, falc, reminder, key)?;
    let new = NewToken {
        purpose: format!("checkin:{checkin_id}"),
        token_sha256: sha256_hex(&token),
        expires_at: now_ms + CHECKIN_LINK_MS,
    };
    db::people::send_link(&state.db, person_id, new, message, now_ms).await?;
    Ok(())
}

async fn remind(state: &AppState, p: &Pairing, n: i32, now_ms: i64) -> anyhow::Result<()> {
    for c in db::checkins::unanswered(&state.db, p.id, n).await? {
        let Some(side) = db::people::by_id(&state.db, c.person_id).await? else {
            continue;
        };
        let other_id = if c.person_id == p.volunteer_id {
            p.beneficiary_id
        } else {
            p.volunteer_id
        };
        let other = db::people::by_id(&state.db, other_id)
            .await?
            .map(|o| o.profile.first_name)
            .unwrap_or_default();
        send_link(
            state,
            side.id,
            side.profile.email.as_deref(),
            &side.profile.first_name,
            &other,
            c.role == "beneficiary",
            c.id,
            true,
            now_ms,
        )
        .await?;
    }
    Ok(())
}

async fn no_answer(state: &AppState, p: &Pairing, n: i32, now_ms: i64) -> anyhow::Result<()> {
    for c in db::checkins::unanswered(&state.db, p.id, n).await? {
        let name = db::people::by_id(&state.db, c.person_id)
            .await?
            .map(|x| x.full_name())
            .unwrap_or_default();
        let alert = NewAlert {
            team_id: p.team_id,
            pairing_id: Some(p.id),
            person_id: Some(c.person_id),
            kind: "no_answer".into(),
            message: format!("{name} n'a pas répondu au point de suivi depuis 7 jours : l'appeler."),
        };
        db::checkins::raise_alert(&state.db, &alert, now_ms).await?;
    }
    Ok(())
}

/// Tells the team's coordinators that an alert awaits them — without any detail: they read
/// it on the dashboard, signed in.
async fn alert_email(state: &AppState, alert_id: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some((team_id, alert)) = db::checkins::alert(&state.db, alert_id).await? else {
        return Ok(());
    };
    let link = state.config.link("/tableau-de-bord");
    let what = crate::domain::checkin::alert_kind_label(&alert.kind);
    let emails = db::teams::coordinators(&state.db, team_id)
        .await?
        .into_iter()
        .map(|(name, address)| {
            let key = format!("alert:{alert_id}:{address}");
            emails::alert(&address, &name, what, &link, key)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    db::outbox::enqueue_now(&state.db, &emails, None, now_ms).await?;
    Ok(())
}
