//! Volunteers and isolated people: their records, consents, single-use links, withdrawal.

mod consents;
mod links;
mod roster;
mod status;
mod withdrawal;

/// Which people a list may contain: the reader's scope (`Reader::people`).
pub use crate::domain::access::Scope;
use consents::insert_consent;
pub use consents::{ConsentRecord, NewConsent, add_consent, consents, signed_versions};
pub(crate) use links::insert_token;
pub use links::{NewToken, consume_token, peek_token, purge_unconfirmed, send_link};
pub use roster::{RosterRow, roster};
pub(crate) use status::set_status;
pub use status::{change_status, confirm_email, record_checklist};
pub use withdrawal::withdraw;

use super::audit::{self, Line};
use super::entities::{person, person_interest};
use super::{Db, DbError, DbResult, outbox};
use crate::domain::account::Email;
use crate::domain::availability::Slots;
use crate::domain::commune::InseeCode;
use crate::domain::email::OutgoingEmail;
use crate::domain::person::{Kind, Status};
/// A person's profile lives in the domain; this module stores it.
pub use crate::domain::profile::Profile;
use crate::domain::profile::{ContactChannel, Field, Gender, formats_from_string, formats_to_string};
use crate::domain::reciprocity::topics_from_stored;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
    SqlErr,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i32,
    pub kind: Kind,
    pub status: Status,
    pub team_id: Option<i32>,
    pub referent_id: Option<i32>,
    pub profile: Profile,
    pub waiting_since: Option<i64>,
    pub email_confirmed_at: Option<i64>,
    pub checks: [bool; 3],
    pub created_at: i64,
}

impl Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.profile.first_name, self.profile.last_name)
    }
}

fn split(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A stored status; a code this version does not know is `Corrupt`, never a default.
pub(crate) fn status_of(code: &str) -> DbResult<Status> {
    Status::parse(code).ok_or_else(|| DbError::Corrupt(format!("person status {code:?}")))
}

fn kind_of(code: &str) -> DbResult<Kind> {
    Kind::parse(code).ok_or_else(|| DbError::Corrupt(format!("person kind {code:?}")))
}

/// A stored profile field this version cannot read is `Corrupt`, never a default.
fn stored<T, E>(what: &str, value: &str, parsed: Result<T, E>) -> DbResult<T> {
    parsed.map_err(|_| DbError::Corrupt(format!("person {what} {value:?}")))
}

/// The field whose unique index refused a write (a race the form's own check cannot see).
fn taken(e: DbErr) -> DbError {
    let message = match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => message,
        _ => return e.into(),
    };
    // SQLite names the column ("person.email"), PostgreSQL the index ("person_email_key").
    if message.contains("person.email") || message.contains("person_email_key") {
        DbError::Taken(Field::Email)
    } else {
        e.into()
    }
}

fn to_person(m: person::Model, interest_ids: Vec<i32>) -> DbResult<Person> {
    let gender = |g: &Option<String>| g.as_deref().and_then(|c| Gender::parse_optional(c).ok().flatten());
    Ok(Person {
        id: m.id,
        kind: kind_of(&m.kind)?,
        status: status_of(&m.status)?,
        team_id: m.team_id,
        referent_id: m.referent_id,
        waiting_since: m.waiting_since,
        email_confirmed_at: m.email_confirmed_at,
        checks: [m.check_interview, m.check_charter, m.check_training],
        created_at: m.created_at,
        profile: Profile {
            languages: split(&Some(m.languages.clone())),
            formats: formats_from_string(&m.formats),
            travel_means: split(&m.travel_means),
            gender: gender(&m.gender),
            wants_gender: gender(&m.wants_gender),
            wants_age: m.wants_age_min.zip(m.wants_age_max),
            first_name: m.first_name,
            last_name: m.last_name,
            email: match &m.email {
                Some(e) => Some(stored("email", e, Email::parse(e))?),
                None => None,
            },
            phone: m.phone,
            postal_address: m.postal_address,
            call_when: m.call_when,
            // An erased person's commune is blank (see `rgpd::erase`).
            commune: match m.commune.as_str() {
                "" => None,
                code => Some(stored("commune", code, InseeCode::parse(code).ok_or(()))?),
            },
            contact_channel: stored(
                "contact channel",
                &m.contact_channel,
                ContactChannel::parse(&m.contact_channel),
            )?,
            slots: Slots::from_bits(m.slots as u32),
            radius_km: m.radius_km,
            capacity: m.capacity,
            birth_year: m.birth_year,
            isolation: m.isolation,
            interest_ids,
            shares: stored("shares", &m.shares, topics_from_stored(&m.shares))?,
            share_note: m.share_note,
            learns: stored("learns", &m.learns, topics_from_stored(&m.learns))?,
            needs_transport: m.needs_transport,
            sms_stopped_at: m.sms_stopped_at,
        },
    })
}

fn profile_columns(row: &mut person::ActiveModel, p: &Profile) {
    row.first_name = Set(p.first_name.clone());
    row.last_name = Set(p.last_name.clone());
    row.email = Set(p.email.as_ref().map(|e| e.as_str().to_string()));
    row.phone = Set(p.phone.clone());
    row.postal_address = Set(p.postal_address.clone());
    row.call_when = Set(p.call_when.clone());
    row.commune = Set(p.commune_code().to_string());
    row.contact_channel = Set(p.contact_channel.code().to_string());
    row.slots = Set(p.slots.bits() as i32);
    row.languages = Set(p.languages.join(","));
    row.formats = Set(formats_to_string(&p.formats));
    row.radius_km = Set(p.radius_km);
    row.travel_means = Set((!p.travel_means.is_empty()).then(|| p.travel_means.join(",")));
    row.capacity = Set(p.capacity);
    row.gender = Set(p.gender.map(|g| g.code().to_string()));
    row.birth_year = Set(p.birth_year);
    row.wants_gender = Set(p.wants_gender.map(|g| g.code().to_string()));
    row.wants_age_min = Set(p.wants_age.map(|a| a.0));
    row.wants_age_max = Set(p.wants_age.map(|a| a.1));
    row.isolation = Set(p.isolation);
    row.shares = Set(p.shares.join(","));
    row.share_note = Set(p.share_note.clone());
    row.learns = Set(p.learns.join(","));
    row.needs_transport = Set(p.needs_transport);
}

async fn set_interests(txn: &DatabaseTransaction, person_id: i32, ids: &[i32]) -> DbResult<()> {
    person_interest::Entity::delete_many()
        .filter(person_interest::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    add_interests(txn, person_id, ids).await
}

/// Links `ids` to a person who has none (just created, or just cleared), in one statement.
async fn add_interests(txn: &DatabaseTransaction, person_id: i32, ids: &[i32]) -> DbResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    person_interest::Entity::insert_many(ids.iter().map(|id| person_interest::ActiveModel {
        person_id: Set(person_id),
        interest_id: Set(*id),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Everything a sign-up stores, written in one transaction.
pub struct NewPerson<'a> {
    pub kind: Kind,
    pub status: Status,
    pub team_id: Option<i32>,
    pub referent_id: Option<i32>,
    pub profile: &'a Profile,
    pub consent: &'a NewConsent,
    pub token: Option<NewToken>,
    pub emails: Vec<OutgoingEmail>,
    /// The form's one-time key: submitting the same form twice creates one person.
    pub submission_key: Option<String>,
    pub waiting_since: Option<i64>,
}

pub async fn create(db: &Db, new: NewPerson<'_>, now_ms: i64) -> DbResult<i32> {
    create_recorded(db, new, &[], now_ms).await
}

/// `create`, with the journal lines of a sign-up recorded by staff, written about the new
/// person in the same transaction.
pub async fn create_recorded(db: &Db, new: NewPerson<'_>, journal: &[Line], now_ms: i64) -> DbResult<i32> {
    let txn = db.begin_write().await?;
    let mut row = person::ActiveModel {
        kind: Set(new.kind.code().into()),
        status: Set(new.status.code().into()),
        team_id: Set(new.team_id),
        referent_id: Set(new.referent_id),
        waiting_since: Set(new.waiting_since),
        email_confirmed_at: Set(None),
        check_interview: Set(false),
        check_charter: Set(false),
        check_training: Set(false),
        decided_at: Set(None),
        decided_by: Set(None),
        submission_key: Set(new.submission_key),
        created_at: Set(now_ms),
        updated_at: Set(now_ms),
        left_at: Set(None),
        ..Default::default()
    };
    profile_columns(&mut row, new.profile);
    let saved = row.insert(&txn).await.map_err(taken)?;
    add_interests(&txn, saved.id, &new.profile.interest_ids).await?;
    insert_consent(&txn, saved.id, new.consent, now_ms).await?;
    if let Some(t) = new.token {
        insert_token(&txn, saved.id, &t, now_ms).await?;
    }
    outbox::enqueue(&txn, &new.emails, Some(saved.id), now_ms).await?;
    let journal: Vec<Line> = journal.iter().map(|l| l.clone().about(saved.id)).collect();
    audit::record_all(&txn, &journal, now_ms).await?;
    txn.commit().await?;
    Ok(saved.id)
}

async fn interests_of(db: &Db, ids: &[i32]) -> DbResult<Vec<person_interest::Model>> {
    Ok(person_interest::Entity::find()
        .filter(person_interest::Column::PersonId.is_in(ids.iter().copied()))
        .all(&db.conn)
        .await?)
}

async fn assemble(db: &Db, rows: Vec<person::Model>) -> DbResult<Vec<Person>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    // Grouped once: looking each person's interests up in the whole list was quadratic
    // (3,000 people × 9,000 links on a big team's pages).
    let mut mine: std::collections::HashMap<i32, Vec<i32>> = std::collections::HashMap::new();
    for link in interests_of(db, &ids).await? {
        mine.entry(link.person_id).or_default().push(link.interest_id);
    }
    rows.into_iter()
        .map(|r| {
            let interests = mine.remove(&r.id).unwrap_or_default();
            to_person(r, interests)
        })
        .collect()
}

pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<Person>> {
    let Some(row) = person::Entity::find_by_id(id).one(&db.conn).await? else {
        return Ok(None);
    };
    Ok(assemble(db, vec![row]).await?.pop())
}

pub async fn id_by_submission_key(db: &Db, key: &str) -> DbResult<Option<i32>> {
    Ok(person::Entity::find()
        .filter(person::Column::SubmissionKey.eq(key))
        .one(&db.conn)
        .await?
        .map(|p| p.id))
}

pub async fn by_email(db: &Db, email: &str) -> DbResult<Option<Person>> {
    let Some(row) = person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(assemble(db, vec![row]).await?.pop())
}

/// People of a scope, optionally of one kind and statuses, longest waiting first.
pub async fn list(db: &Db, scope: Scope<'_>, kind: Option<Kind>, statuses: &[Status]) -> DbResult<Vec<Person>> {
    let mut query = person::Entity::find();
    query = match scope {
        Scope::All => query,
        Scope::Teams(ids) => query.filter(person::Column::TeamId.is_in(ids.iter().copied())),
        Scope::Referent(id) => query.filter(person::Column::ReferentId.eq(id)),
    };
    if let Some(kind) = kind {
        query = query.filter(person::Column::Kind.eq(kind.code()));
    }
    if !statuses.is_empty() {
        query = query.filter(person::Column::Status.is_in(statuses.iter().map(|s| s.code())));
    }
    let rows = query
        .order_by_asc(person::Column::WaitingSince)
        .order_by_asc(person::Column::Id)
        .all(&db.conn)
        .await?;
    assemble(db, rows).await
}

pub async fn update_profile(db: &Db, id: i32, profile: &Profile, now_ms: i64) -> DbResult<()> {
    let txn = db.begin_write().await?;
    let mut row = person::ActiveModel {
        id: Set(id),
        updated_at: Set(now_ms),
        ..Default::default()
    };
    profile_columns(&mut row, profile);
    row.update(&txn).await.map_err(taken)?;
    set_interests(&txn, id, &profile.interest_ids).await?;
    txn.commit().await?;
    Ok(())
}
