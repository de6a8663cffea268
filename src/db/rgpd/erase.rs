//! Erasure: in one transaction, every personal value of a person is removed or blotted out,
//! wherever it is stored, while the columns the anonymous indicators count stay as they were
//! (kinds, statuses, teams, dates, pairing states, moods, decisions, isolation scores).
//! The team's notes about the person or their binômes are deleted: a note is free text that
//! may name anyone (« sa fille Claire, 06… ») where no list of values could find it.
//! A volunteer's months of time (`volunteer_time`) keep their figures — month, hours,
//! kilometres, team — for the team's yearly totals: they hold no text, and once the record is
//! anonymised they name nobody.

use super::super::audit::{self, Actor};
use super::super::entities::{
    audit_log, consent, outbox, pairing, person, person_erasure, person_interest, person_token, rate_bucket,
    rate_event, sms_inbox, sms_outbox, sms_question, web_session,
};
use super::super::{Db, DbResult};
use super::others::{blot_alerts, blot_pairings, blot_partner_emails, forget_notes};
use crate::domain::pairing::State;
use crate::domain::person::Status;
use crate::domain::rgpd::{Action, ERASED_FIRST_NAME, ERASED_LAST_NAME, personal_values, redact};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
};

/// Why the data is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The person (or the team for them) asked.
    Request,
    /// Inactive for longer than the retention period.
    Retention,
}

impl Reason {
    fn code(self) -> &'static str {
        match self {
            Reason::Request => "request",
            Reason::Retention => "retention",
        }
    }

    fn action(self) -> Action {
        match self {
            Reason::Request => Action::Erase,
            Reason::Retention => Action::Purge,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    Done,
    AlreadyErased,
    /// A binôme is under way: end it first, so that the other side is told.
    OpenPairing,
    NotFound,
}

/// Erases the person's data; nothing is written unless everything is. On SQLite the
/// write-ahead log is then emptied, so that the erased values are in no file any more.
pub async fn erase(db: &Db, person_id: i32, actor: &Actor, reason: Reason, now_ms: i64) -> DbResult<Erasure> {
    let outcome = erase_leaving_log(db, person_id, actor, reason, now_ms).await?;
    if outcome == Erasure::Done {
        super::flush_log(db).await;
    }
    Ok(outcome)
}

/// [`erase`] without emptying SQLite's write-ahead log: the purge does it once at the end.
pub(super) async fn erase_leaving_log(
    db: &Db,
    person_id: i32,
    actor: &Actor,
    reason: Reason,
    now_ms: i64,
) -> DbResult<Erasure> {
    let txn = db.begin_write().await?;
    let outcome = erase_in(&txn, person_id, actor, reason, now_ms).await?;
    if outcome == Erasure::Done {
        txn.commit().await?;
    }
    Ok(outcome)
}

pub(super) fn blot(text: &Option<String>, values: &[String]) -> Option<String> {
    text.as_deref().map(|t| redact(t, values))
}

async fn erase_in(txn: &DatabaseTransaction, id: i32, actor: &Actor, reason: Reason, now_ms: i64) -> DbResult<Erasure> {
    let Some(me) = person::Entity::find_by_id(id).one(txn).await? else {
        return Ok(Erasure::NotFound);
    };
    if person_erasure::Entity::find_by_id(id).one(txn).await?.is_some() {
        return Ok(Erasure::AlreadyErased);
    }
    let pairings = pairing::Entity::find()
        .filter(
            Condition::any()
                .add(pairing::Column::BeneficiaryId.eq(id))
                .add(pairing::Column::VolunteerId.eq(id)),
        )
        .all(txn)
        .await?;
    if pairings
        .iter()
        .any(|p| State::parse(&p.state).is_some_and(|s| !s.is_closed()))
    {
        return Ok(Erasure::OpenPairing);
    }
    let values = personal_values(&[
        Some(me.first_name.as_str()),
        Some(me.last_name.as_str()),
        me.email.as_deref(),
        me.phone.as_deref(),
        me.postal_address.as_deref(),
    ]);
    let pairing_ids: Vec<i32> = pairings.iter().map(|p| p.id).collect();
    let partners: Vec<i32> = pairings
        .iter()
        .map(|p| {
            if p.beneficiary_id == id {
                p.volunteer_id
            } else {
                p.beneficiary_id
            }
        })
        .collect();

    anonymise_person(txn, &me, now_ms).await?;
    forget_contacts(txn, &me).await?;
    blot_consents(txn, id, &values, now_ms).await?;
    blot_pairings(txn, id, &pairing_ids, &values).await?;
    blot_partner_emails(txn, &partners, &values).await?;
    blot_alerts(txn, id, &pairing_ids, &values).await?;
    super::others::forget_letters(txn, id, &pairing_ids, &values).await?;
    forget_notes(txn, id, &pairing_ids).await?;
    for entry in audit_log::Entity::find()
        .filter(audit_log::Column::PersonId.eq(id))
        .filter(audit_log::Column::Detail.is_not_null())
        .all(txn)
        .await?
    {
        audit_log::ActiveModel {
            id: Set(entry.id),
            detail: Set(blot(&entry.detail, &values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    person_erasure::ActiveModel {
        person_id: Set(id),
        erased_at: Set(now_ms),
        reason: Set(reason.code().into()),
    }
    .insert(txn)
    .await?;
    audit::record(txn, actor, reason.action(), Some(id), None, now_ms).await?;
    Ok(Erasure::Done)
}

/// Names, contacts, address, commune and profile details go; kind, team, dates, formats,
/// capacity and the self-rated isolation at sign-up stay for the indicators.
async fn anonymise_person(txn: &DatabaseTransaction, me: &person::Model, now_ms: i64) -> DbResult<()> {
    let none_i32 = Expr::value(Option::<i32>::None);
    let none_str = Expr::value(Option::<String>::None);
    person::Entity::update_many()
        .col_expr(person::Column::FirstName, Expr::value(ERASED_FIRST_NAME))
        .col_expr(person::Column::LastName, Expr::value(ERASED_LAST_NAME))
        .col_expr(person::Column::Email, none_str.clone())
        .col_expr(person::Column::Phone, none_str.clone())
        .col_expr(person::Column::PostalAddress, none_str.clone())
        .col_expr(person::Column::CallWhen, none_str.clone())
        .col_expr(person::Column::Commune, Expr::value(""))
        .col_expr(person::Column::Slots, Expr::value(0))
        .col_expr(person::Column::Languages, Expr::value(""))
        .col_expr(person::Column::TravelMeans, none_str.clone())
        .col_expr(person::Column::Gender, none_str.clone())
        .col_expr(person::Column::BirthYear, none_i32.clone())
        .col_expr(person::Column::WantsGender, none_str.clone())
        .col_expr(person::Column::WantsAgeMin, none_i32.clone())
        .col_expr(person::Column::WantsAgeMax, none_i32)
        .col_expr(person::Column::Shares, Expr::value(""))
        .col_expr(person::Column::ShareNote, none_str.clone())
        .col_expr(person::Column::Learns, Expr::value(""))
        .col_expr(person::Column::NeedsTransport, Expr::value(false))
        .col_expr(person::Column::OtherCommune, Expr::value(false))
        .col_expr(person::Column::SubmissionKey, none_str)
        .col_expr(person::Column::Status, Expr::value(Status::Left.code()))
        .col_expr(person::Column::LeftAt, Expr::value(me.left_at.unwrap_or(now_ms)))
        .col_expr(person::Column::WaitingSince, Expr::value(Option::<i64>::None))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(me.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Her SMS keep only what the cost indicator counts (team, date, segments): number and text
/// are blanked; her questions and what she sent are deleted.
async fn forget_sms(txn: &DatabaseTransaction, me: &person::Model) -> DbResult<()> {
    let mine = Condition::any().add(sms_outbox::Column::PersonId.eq(me.id));
    let mine = match &me.phone {
        Some(phone) => mine.add(sms_outbox::Column::Phone.eq(phone.clone())),
        None => mine,
    };
    sms_outbox::Entity::update_many()
        .col_expr(sms_outbox::Column::Phone, Expr::value(""))
        .col_expr(sms_outbox::Column::Text, Expr::value(""))
        .col_expr(sms_outbox::Column::LastError, Expr::value(Option::<String>::None))
        .col_expr(sms_outbox::Column::PersonId, Expr::value(Option::<i32>::None))
        .filter(mine)
        .exec(txn)
        .await?;
    sms_question::Entity::delete_many()
        .filter(sms_question::Column::PersonId.eq(me.id))
        .exec(txn)
        .await?;
    let sent = Condition::any().add(sms_inbox::Column::PersonId.eq(me.id));
    let sent = match &me.phone {
        Some(phone) => sent.add(sms_inbox::Column::Phone.eq(phone.clone())),
        None => sent,
    };
    sms_inbox::Entity::delete_many().filter(sent).exec(txn).await?;
    Ok(())
}

/// Interests, sign-in links, sessions and the e-mails to the person are deleted.
async fn forget_contacts(txn: &DatabaseTransaction, me: &person::Model) -> DbResult<()> {
    person_interest::Entity::delete_many()
        .filter(person_interest::Column::PersonId.eq(me.id))
        .exec(txn)
        .await?;
    person_token::Entity::delete_many()
        .filter(person_token::Column::PersonId.eq(me.id))
        .exec(txn)
        .await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::PersonId.eq(me.id))
        .exec(txn)
        .await?;
    let mut to_me = Condition::any().add(outbox::Column::PersonId.eq(me.id));
    if let Some(email) = &me.email {
        to_me = to_me.add(outbox::Column::ToAddress.eq(email.clone()));
    }
    outbox::Entity::delete_many().filter(to_me).exec(txn).await?;
    forget_sms(txn, me).await?;
    // The throttle's counts of her sign-in links are kept by address.
    if let Some(email) = &me.email {
        rate_event::Entity::delete_many()
            .filter(rate_event::Column::Subject.eq(email.clone()))
            .exec(txn)
            .await?;
        rate_bucket::Entity::delete_many()
            .filter(rate_bucket::Column::Subject.eq(email.clone()))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The consent log keeps its dates and methods; who attested is removed, and a consent
/// still running is withdrawn.
async fn blot_consents(txn: &DatabaseTransaction, id: i32, values: &[String], now_ms: i64) -> DbResult<()> {
    for c in consent::Entity::find()
        .filter(consent::Column::PersonId.eq(id))
        .all(txn)
        .await?
    {
        consent::ActiveModel {
            id: Set(c.id),
            attester_name: Set(None),
            attested_on: Set(blot(&c.attested_on, values)),
            withdrawn_at: Set(Some(c.withdrawn_at.unwrap_or(now_ms))),
            withdrawn_by: Set(Some(
                blot(&c.withdrawn_by, values).unwrap_or_else(|| "effacement des données".into()),
            )),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}
