//! The scheduler: one pass (`run_due`) handles the jobs due at `now` and returns how many
//! ran; `worker::run` is the loop around it in `serve`. Every job re-reads the pairing and
//! does nothing if the situation moved on (ended, answered…), so replays are harmless.

use crate::backup::daily::Duty;
use crate::db::checkins::{Asked, Checkin, NewAlert};
use crate::db::letters::NewLetter;
use crate::db::pairings::{Notices, Pairing};
use crate::db::sms::NewSms;
use crate::db::{self, jobs::Claimed, people::Person};
use crate::domain::alert::AlertKind;
use crate::domain::checkin::{self, DEFAULT_EVERY_DAYS, Party, Request, Round, Side};
use crate::domain::job::Job;
use crate::domain::link::Kind;
use crate::domain::pairing::{Action, Plan, State};
use crate::domain::reach::Reach;
use crate::domain::sms::{SmsKind, texts};
use crate::links::{self, Links};
use crate::mail::emails;
use crate::worker::Stop;

pub mod digest;
pub mod meeting;

/// What the scheduler works with: the database, and the site's address for the links it
/// e-mails. Nothing of the web layer.
struct Scheduler<'a> {
    db: &'a db::Db,
    links: &'a Links,
    backup: Option<&'a Duty>,
}

/// Runs the jobs due at `now_ms`; one failing job is retried later and does not stop the others.
pub async fn run_due(db: &db::Db, links: &Links, now_ms: i64) -> anyhow::Result<usize> {
    run_due_until(db, links, None, now_ms, &Stop::never()).await
}

/// Same, but when `stop` is asked the job in hand is finished and the rest of the claim is
/// released for another instance (or the next start). `backup` is the daily backup the
/// configuration asks for, if any.
pub async fn run_due_until(
    db: &db::Db,
    links: &Links,
    backup: Option<&Duty>,
    now_ms: i64,
    stop: &Stop,
) -> anyhow::Result<usize> {
    let state = &Scheduler { db, links, backup };
    let claimed = db::jobs::claim(state.db, now_ms, 50).await?;
    for (i, job) in claimed.iter().enumerate() {
        if stop.requested() {
            db::jobs::release(state.db, &claimed[i..]).await?;
            return Ok(i);
        }
        let outcome = run_one(state, job, now_ms).await.map_err(|e| format!("{e:#}"));
        if let Err(e) = &outcome {
            tracing::warn!(job_id = job.id, kind = %job.kind, error = %e, "job failed");
        }
        db::jobs::finish(state.db, job, outcome, now_ms).await?;
    }
    Ok(claimed.len())
}

async fn run_one(state: &Scheduler<'_>, claimed: &Claimed, now_ms: i64) -> anyhow::Result<()> {
    match claimed.job()? {
        Job::AlertEmail { alert_id } => alert_email(state, alert_id, now_ms).await,
        Job::DailyPurge { .. } => {
            db::rgpd::run_daily_purge(state.db, now_ms).await?;
            housekeeping(state.db, now_ms).await
        }
        Job::ExpireProposal { pairing_id } => expire(state, pairing_id, now_ms).await,
        Job::CheckinDue { pairing_id, number } => {
            open_checkins(state, pairing_id, number, claimed.run_at, now_ms).await
        }
        Job::CheckinReminder { pairing_id, number } => remind(state, pairing_id, number, now_ms).await,
        Job::CheckinAlert { pairing_id, number } => no_answer(state, pairing_id, number, now_ms).await,
        Job::MeetingReminder { pairing_id, sequence } => meeting::remind(state, pairing_id, sequence, now_ms).await,
        Job::DailyBackup { .. } => crate::backup::daily::run(state.db, state.backup, now_ms).await,
        Job::WeeklyDigest { zone, .. } => digest::run(state.db, state.links, now_ms, zone).await,
        Job::Bench { .. } => anyhow::bail!("a benchmark job is for the benchmark's workers"),
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
/// to the next round — together.
async fn expire(state: &Scheduler<'_>, pairing_id: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some(p) = db::pairings::pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    if p.state != State::Proposed {
        return Ok(());
    }
    let volunteer = db::people::by_id(state.db, p.volunteer_id)
        .await?
        .map(|v| v.full_name())
        .unwrap_or_default();
    let alert = NewAlert {
        team_id: p.team_id,
        pairing_id: Some(p.id),
        person_id: Some(p.volunteer_id),
        kind: AlertKind::NoAnswer,
        message: format!(
            "{volunteer} n'a pas répondu à la proposition en 7 jours : la personne revient au prochain calcul."
        ),
    };
    let Some(plan) = Plan::step(
        p.binome(),
        Action::Expire,
        "binome (7 jours sans réponse)",
        None,
        now_ms,
    ) else {
        return Ok(());
    };
    let notices = Notices {
        calls: vec![alert],
        ..Notices::default()
    };
    db::pairings::write(state.db, &plan, &notices, now_ms).await?;
    Ok(())
}

/// One of the two people, as the check-in plan needs them.
fn party(p: &Person) -> Party {
    Party {
        person_id: p.id,
        first_name: p.profile.first_name.clone(),
        has_email: Reach::of(&p.profile).in_writing(),
    }
}

/// The volunteer and the isolated person of a binôme, each if still there.
struct Both {
    volunteer: Option<Person>,
    person: Option<Person>,
}

impl Both {
    async fn of(state: &Scheduler<'_>, p: &Pairing) -> anyhow::Result<Self> {
        Ok(Both {
            volunteer: db::people::by_id(state.db, p.volunteer_id).await?,
            person: db::people::by_id(state.db, p.beneficiary_id).await?,
        })
    }

    fn reach(&self, person_id: i32) -> Option<Reach<'_>> {
        [&self.volunteer, &self.person]
            .into_iter()
            .flatten()
            .find(|x| x.id == person_id)
            .map(|x| Reach::of(&x.profile))
    }

    /// The letter asking for a check-in, for someone who chose the post (a letter cannot
    /// carry a link: it asks them to call the team).
    fn letter(&self, o: &checkin::Opening, team_id: i32, team_phone: Option<&str>) -> Option<NewLetter> {
        let people = [&self.volunteer, &self.person];
        let me = people.into_iter().flatten().find(|x| x.id == o.person_id)?;
        let Reach::Letter(_) = Reach::of(&me.profile) else {
            return None;
        };
        let other = people.into_iter().flatten().find(|x| x.id != o.person_id)?;
        Some(NewLetter {
            team_id,
            person_id: me.id,
            pairing_id: Some(o.pairing_id),
            title: format!("point de suivi n° {} : comment ça va ?", o.number),
            body: crate::domain::letter::checkin_words(&other.profile.first_name, team_phone),
        })
    }
}

/// A check-in falls due: each side gets a link (or a call task for someone without e-mail),
/// the reminder and the alert are scheduled, and so is the next check-in — in one
/// transaction, so a replay after a failure asks each side once.
async fn open_checkins(
    state: &Scheduler<'_>,
    pairing_id: i32,
    number: i32,
    due_at: i64,
    now_ms: i64,
) -> anyhow::Result<()> {
    let Some(p) = db::pairings::pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    if p.state.is_closed() {
        return Ok(());
    }
    let team = db::teams::by_id(state.db, p.team_id).await?;
    let every_days = team.as_ref().map_or(DEFAULT_EVERY_DAYS, |t| t.checkin_every_days);
    let team_phone = team.as_ref().and_then(|t| t.contact.phone.as_deref());
    let both = Both::of(state, &p).await?;
    let round = Round {
        pairing_id: p.id,
        state: p.state,
        people: both.volunteer.as_ref().map(party).zip(both.person.as_ref().map(party)),
        number,
        due_at,
        every_days,
    };
    let plan = checkin::plan(&round);
    let mut openings = Vec::new();
    for o in plan.openings {
        let asked = match (&o.request, both.reach(o.person_id)) {
            (Some(request), Some(reach)) => ask(state, p.team_id, o.person_id, reach, request, now_ms)?,
            _ => None,
        };
        let letter = both.letter(&o, p.team_id, team_phone);
        openings.push((o, asked, letter));
    }
    db::checkins::open_round(state.db, &openings, &plan.jobs, now_ms).await?;
    Ok(())
}

/// Mints the single-use link of a request and writes the e-mail that carries it; or the SMS
/// question, for someone who chose SMS. None for someone asked by a call.
fn ask(
    state: &Scheduler<'_>,
    team_id: i32,
    person_id: i32,
    reach: Reach<'_>,
    request: &Request,
    now_ms: i64,
) -> anyhow::Result<Option<Asked>> {
    let address = match reach {
        Reach::Email(address) => address,
        Reach::Sms(phone) => {
            return Ok(Some(Asked::Sms(NewSms {
                team_id,
                person_id: Some(person_id),
                phone: phone.to_string(),
                body: texts::checkin_question(&request.other, request.reminder),
                kind: SmsKind::Notice,
                key: request.email_key.clone(),
            })));
        }
        _ => return Ok(None),
    };
    let minted = links::mint(Kind::CheckIn, now_ms);
    let link = state.links.url(&minted.path);
    let email = emails::checkin(
        address,
        &request.first_name,
        &request.other,
        &link,
        request.falc,
        request.reminder,
        request.email_key.clone(),
    )?;
    Ok(Some(Asked::Email {
        email,
        link: minted.sealed,
    }))
}

/// Three days without an answer: a reminder to whoever has not answered.
async fn remind(state: &Scheduler<'_>, pairing_id: i32, number: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some(p) = db::pairings::pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    let unanswered = db::checkins::unanswered(state.db, p.id, number)
        .await?
        .into_iter()
        .map(|c| Ok((c.id, side_of(&c)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let both = Both::of(state, &p).await?;
    let (volunteer, person) = (both.volunteer.as_ref().map(party), both.person.as_ref().map(party));
    let mut reminders = Vec::new();
    for r in checkin::reminders(&unanswered, volunteer.as_ref(), person.as_ref()) {
        if let Some(reach) = both.reach(r.person_id)
            && let Some(asked) = ask(state, p.team_id, r.person_id, reach, &r.request, now_ms)?
        {
            reminders.push((r.person_id, r.checkin_id, asked));
        }
    }
    db::checkins::remind(state.db, &reminders, now_ms).await?;
    Ok(())
}

fn side_of(c: &Checkin) -> Result<Side, db::DbError> {
    Side::parse(&c.role).ok_or_else(|| db::DbError::Corrupt(format!("check-in {} has role {:?}", c.id, c.role)))
}

/// Seven days without an answer: an alert for each side that did not answer.
async fn no_answer(state: &Scheduler<'_>, pairing_id: i32, number: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some(p) = db::pairings::pairing(state.db, pairing_id).await? else {
        return Ok(());
    };
    let mut alerts = Vec::new();
    for c in db::checkins::unanswered(state.db, p.id, number).await? {
        let name = db::people::by_id(state.db, c.person_id)
            .await?
            .map(|x| x.full_name())
            .unwrap_or_default();
        let alert = NewAlert {
            team_id: p.team_id,
            pairing_id: Some(p.id),
            person_id: Some(c.person_id),
            kind: AlertKind::NoAnswer,
            message: format!("{name} n'a pas répondu au point de suivi depuis 7 jours : l'appeler."),
        };
        alerts.push((alert, c.due_at));
    }
    db::checkins::raise_once(state.db, &alerts, now_ms).await?;
    Ok(())
}

/// Tells the team's coordinators that an alert awaits them — without any detail: they read
/// it on the dashboard, signed in. A coordinator away today is replaced by the colleague
/// they named (`db::week::absence::receivers`).
async fn alert_email(state: &Scheduler<'_>, alert_id: i32, now_ms: i64) -> anyhow::Result<()> {
    let Some((team_id, alert)) = db::checkins::alert(state.db, alert_id).await? else {
        return Ok(());
    };
    let link = state.links.url("/tableau-de-bord");
    let what = alert.kind.in_email();
    let coordinators = db::teams::coordinator_ids(state.db, team_id).await?;
    let today = crate::domain::dates::day_in_france(now_ms);
    let emails = db::week::absence::receivers(state.db, &coordinators, today)
        .await?
        .into_iter()
        .map(|r| {
            let key = format!("alert:{alert_id}:{}", r.email);
            emails::alert(&r.email, &r.name, what, &link, key)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    db::outbox::enqueue_now(state.db, &emails, None, now_ms).await?;
    Ok(())
}
