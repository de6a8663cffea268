//! A large team for measuring the desk (`binome bench-dashboard`): people, binômes at every
//! stage, check-ins, alerts and suggestions, written in bulk into a fresh database. Never run
//! on real data: every name is invented and every address ends in `.invalid`.

use crate::db::entities::{alert, checkin, consent, pairing, pairing_transition, person, suggestion};
use crate::db::{Db, DbResult, charters, communes};
use crate::domain::alert::AlertKind;
use crate::domain::checkin::due_at;
use crate::domain::duration::DAY_MS;
use crate::domain::pairing::State;
use crate::domain::person::{Kind, Status};
use crate::domain::territory::Territory;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// What the seed wrote, for the benchmark's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Seeded {
    pub team_id: i32,
    pub people: usize,
    pub under_way: usize,
}

const FIRST: [&str; 12] = [
    "Denise", "Marcel", "Colette", "Lucie", "Paul", "Jeanne", "André", "Simone", "Louis", "Yvette", "Jean", "Odette",
];
const LAST: [&str; 10] = [
    "Delort", "Martin", "Bernard", "Vidal", "Lacombe", "Roux", "Chabrier", "Fabre", "Serre", "Bonnet",
];
const CHUNK: usize = 200;

async fn insert_chunks<E, A>(txn: &sea_orm::DatabaseTransaction, rows: Vec<A>) -> DbResult<()>
where
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(txn).await?;
    }
    Ok(())
}

fn someone(
    rng: &mut StdRng,
    n: usize,
    kind: Kind,
    status: Status,
    commune: &str,
    team: i32,
    now_ms: i64,
) -> person::ActiveModel {
    let volunteer = kind == Kind::Volunteer;
    let signed_up = now_ms - rng.random_range(1..400) * DAY_MS;
    // A third of the isolated people have no e-mail: their check-ins are phone calls.
    let email = (volunteer || rng.random_bool(0.66)).then(|| format!("personne{n}@charge.invalid"));
    person::ActiveModel {
        kind: Set(kind.code().into()),
        status: Set(status.code().into()),
        first_name: Set(FIRST[n % FIRST.len()].into()),
        last_name: Set(format!("{} {n}", LAST[n % LAST.len()])),
        email: Set(email),
        phone: Set(Some(format!(
            "04 71 {:02} {:02} {:02}",
            n / 10_000 % 100,
            n / 100 % 100,
            n % 100
        ))),
        postal_address: Set(None),
        commune: Set(commune.into()),
        team_id: Set(Some(team)),
        referent_id: Set(None),
        contact_channel: Set("phone".into()),
        slots: Set(rng.random_range(1..(1 << 21))),
        languages: Set("fr".into()),
        formats: Set(if rng.random_bool(0.3) {
            "public,phone"
        } else {
            "public,home"
        }
        .into()),
        radius_km: Set(volunteer.then(|| rng.random_range(5..30))),
        travel_means: Set(None),
        capacity: Set(volunteer.then(|| rng.random_range(1..=3))),
        gender: Set(None),
        birth_year: Set(Some(rng.random_range(1935..2000))),
        wants_gender: Set(None),
        wants_age_min: Set(None),
        wants_age_max: Set(None),
        isolation: Set(None),
        waiting_since: Set((!volunteer).then_some(signed_up)),
        email_confirmed_at: Set(volunteer.then_some(signed_up)),
        check_interview: Set(false),
        check_charter: Set(false),
        check_training: Set(false),
        decided_at: Set(None),
        decided_by: Set(None),
        submission_key: Set(None),
        created_at: Set(signed_up),
        updated_at: Set(signed_up),
        left_at: Set(None),
        ..Default::default()
    }
}

/// A team covering the Cantal with `people` people (40 % volunteers) and `under_way` binômes
/// active or paused, each with its past check-ins; plus proposals, alerts and calls due today.
pub async fn team(db: &Db, people: usize, under_way: usize, now_ms: i64) -> DbResult<Seeded> {
    let mut rng = StdRng::seed_from_u64(2026);
    let territory = Territory {
        departements: vec!["15".into()],
        communes: vec![],
    };
    let team = crate::db::teams::create(db, "Antenne du Cantal (essai de charge)", &territory, now_ms).await?;
    let places: Vec<String> = communes::in_departements(db, &["15".to_string()])
        .await?
        .into_iter()
        .map(|c| c.insee_code)
        .collect();
    let charter = charters::current(db).await?;
    let volunteers = people * 2 / 5;
    let txn = db.begin_write().await?;

    // Volunteers first (a few still to approve), then the isolated people.
    let rows = (0..people)
        .map(|n| {
            let commune = &places[rng.random_range(0..places.len().max(1))];
            let (kind, status) = match n {
                n if n < volunteers && n % 13 == 0 => (Kind::Volunteer, Status::ToValidate),
                n if n < volunteers => (Kind::Volunteer, Status::Approved),
                _ => (Kind::Beneficiary, Status::Waiting),
            };
            someone(&mut rng, n, kind, status, commune, team, now_ms)
        })
        .collect();
    insert_chunks(&txn, rows).await?;
    let ids: Vec<(i32, String, Option<i32>)> = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Status, person::Column::Capacity])
        .filter(person::Column::TeamId.eq(team))
        .order_by_asc(person::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some(charter) = &charter {
        let rows = ids.iter().map(|(id, _, _)| consent::ActiveModel {
            person_id: Set(*id),
            charter_version_id: Set(charter.id),
            content_sha256: Set(charter.content_sha256.clone().unwrap_or_default()),
            method: Set("online".into()),
            attested_by: Set(None),
            attester_name: Set(None),
            attested_on: Set(None),
            signed_at: Set(now_ms - 400 * DAY_MS),
            withdrawn_at: Set(None),
            withdrawn_by: Set(None),
            ..Default::default()
        });
        insert_chunks(&txn, rows.collect()).await?;
    }

    // Each approved volunteer takes binômes up to their capacity.
    let mut seats: Vec<i32> = ids[..volunteers]
        .iter()
        .filter(|(_, status, _)| status == Status::Approved.code())
        .flat_map(|(id, _, capacity)| std::iter::repeat_n(*id, capacity.unwrap_or(1) as usize))
        .collect();
    seats.sort_unstable();
    let beneficiaries: Vec<i32> = ids[volunteers..].iter().map(|(id, _, _)| *id).collect();
    let proposals = 30.min(beneficiaries.len().saturating_sub(under_way));
    let mut pairings = Vec::new();
    for (i, b) in beneficiaries.iter().take(under_way + proposals).enumerate() {
        let Some(v) = seats.get(i * seats.len().max(1) / (under_way + proposals).max(1)) else {
            break;
        };
        let state = match i {
            i if i >= under_way => {
                if i % 2 == 0 {
                    State::Proposed
                } else {
                    State::Accepted
                }
            }
            i if i % 10 == 9 => State::Paused,
            _ => State::Active,
        };
        let since = now_ms - rng.random_range(15..200) * DAY_MS;
        pairings.push(pairing::ActiveModel {
            team_id: Set(team),
            beneficiary_id: Set(*b),
            volunteer_id: Set(*v),
            state: Set(state.code().into()),
            score: Set(f64::from(rng.random_range(40..95))),
            mode: Set("public".into()),
            created_at: Set(since),
            updated_at: Set(since),
            end_reason: Set(None),
            ..Default::default()
        });
    }
    insert_chunks(&txn, pairings).await?;
    let made: Vec<pairing::Model> = pairing::Entity::find()
        .filter(pairing::Column::TeamId.eq(team))
        .order_by_asc(pairing::Column::Id)
        .all(&txn)
        .await?;

    let (mut steps, mut checkins, mut alerts) = (Vec::new(), Vec::new(), Vec::new());
    for p in &made {
        let state = State::parse(&p.state).unwrap_or(State::Active);
        let path: &[State] = match state {
            State::Proposed => &[State::Proposed],
            State::Accepted => &[State::Proposed, State::Accepted],
            State::Paused => &[
                State::Proposed,
                State::Accepted,
                State::Agreed,
                State::Introduced,
                State::Active,
                State::Paused,
            ],
            _ => &[
                State::Proposed,
                State::Accepted,
                State::Agreed,
                State::Introduced,
                State::Active,
            ],
        };
        let mut from = None;
        for (k, to) in path.iter().enumerate() {
            steps.push(pairing_transition::ActiveModel {
                pairing_id: Set(p.id),
                from_state: Set(from.map(|s: State| s.code().to_string())),
                to_state: Set(to.code().into()),
                by_who: Set("Essai de charge".into()),
                note: Set(None),
                at: Set(p.created_at + k as i64 * DAY_MS),
                ..Default::default()
            });
            from = Some(*to);
        }
        if !matches!(state, State::Active | State::Paused) {
            continue;
        }
        let active_since = p.created_at + 4 * DAY_MS;
        let mut number = 1;
        while due_at(active_since, number) <= now_ms {
            let due = due_at(active_since, number);
            let latest = due_at(active_since, number + 1) > now_ms;
            for (person_id, role) in [(p.volunteer_id, "volunteer"), (p.beneficiary_id, "beneficiary")] {
                let answered = !latest || rng.random_bool(0.6);
                let mood = match rng.random_range(0..100) {
                    0..80 => "bien",
                    80..94 => "moyen",
                    _ => "pas_bien",
                };
                checkins.push(checkin::ActiveModel {
                    pairing_id: Set(p.id),
                    person_id: Set(person_id),
                    role: Set(role.into()),
                    number: Set(number),
                    due_at: Set(due),
                    answered_at: Set(answered.then_some(due + DAY_MS)),
                    met: Set(answered.then(|| "oui".into())),
                    mood: Set(answered.then(|| mood.into())),
                    decision: Set(answered.then(|| "continuer".into())),
                    call_back: Set(false),
                    isolation: Set(None),
                    comment: Set(None),
                    answered_by: Set(answered.then(|| "la personne, par le lien".into())),
                    ..Default::default()
                });
            }
            number += 1;
        }
        if p.id % 7 == 0 {
            let open = p.id % 14 == 0;
            alerts.push(alert::ActiveModel {
                team_id: Set(team),
                pairing_id: Set(Some(p.id)),
                person_id: Set(Some(p.beneficiary_id)),
                kind: Set(
                    [AlertKind::Distress, AlertKind::CallBack, AlertKind::NoAnswer][p.id as usize % 3]
                        .code()
                        .into(),
                ),
                message: Set(format!("Binôme n° {} : à appeler (essai de charge).", p.id)),
                created_at: Set(now_ms - rng.random_range(0..30) * DAY_MS),
                closed_at: Set((!open).then_some(now_ms)),
                closed_by: Set((!open).then(|| "Essai de charge".into())),
                ..Default::default()
            });
        }
    }
    insert_chunks(&txn, steps).await?;
    insert_chunks(&txn, checkins).await?;
    insert_chunks(&txn, alerts).await?;

    // Open suggestions of the last round for people still waiting.
    let free: Vec<i32> = beneficiaries
        .iter()
        .skip(under_way + proposals)
        .take(30)
        .copied()
        .collect();
    let rows = free.iter().enumerate().filter_map(|(i, b)| {
        let v = *seats.get(i * 7 % seats.len().max(1))?;
        Some(suggestion::ActiveModel {
            team_id: Set(team),
            round_id: Set("essai".into()),
            beneficiary_id: Set(*b),
            volunteer_id: Set(v),
            score: Set(f64::from(rng.random_range(40..95))),
            distance_km: Set(5.0),
            mode: Set("public".into()),
            reasons: Set("essai de charge".into()),
            status: Set(crate::domain::pairing::SuggestionStatus::Suggested.code().into()),
            created_at: Set(now_ms),
            decided_at: Set(None),
            decided_by: Set(None),
            ..Default::default()
        })
    });
    insert_chunks(&txn, rows.collect()).await?;
    txn.commit().await?;
    let under_way = made
        .iter()
        .filter(|p| p.state == State::Active.code() || p.state == State::Paused.code())
        .count();
    Ok(Seeded {
        team_id: team,
        people,
        under_way,
    })
}
