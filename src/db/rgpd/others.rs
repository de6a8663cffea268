//! Erasure, in other people's rows: the texts about the person's binômes (the other side's
//! comments, the team's notes, alerts, e-mails) lose the person's values or go, inside the
//! erasure's transaction.

use super::super::DbResult;
use super::super::entities::{
    alert, checkin, job, meeting, note, outbox, pairing_feedback, pairing_transition, suggestion,
};
use super::erase::blot;
use crate::domain::rgpd::redact;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
};

const ALERT_AFTER_ERASURE: &str = "Alerte au sujet d'une personne dont les données ont été effacées.";

/// Free texts about the person's binômes: their own comments and the notes on the binômes'
/// steps go, the other side's comments lose the person's values; states, moods and scores stay.
pub(super) async fn blot_pairings(
    txn: &DatabaseTransaction,
    id: i32,
    pairing_ids: &[i32],
    values: &[String],
) -> DbResult<()> {
    for t in pairing_transition::Entity::find()
        .filter(pairing_transition::Column::PairingId.is_in(pairing_ids.iter().copied()))
        .all(txn)
        .await?
    {
        pairing_transition::ActiveModel {
            id: Set(t.id),
            note: Set(None),
            by_who: Set(redact(&t.by_who, values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    // A place typed freely for a first meeting may say where she lives: it goes.
    meeting::Entity::update_many()
        .col_expr(meeting::Column::Place, Expr::value(Option::<String>::None))
        .filter(meeting::Column::PairingId.is_in(pairing_ids.iter().copied()))
        .exec(txn)
        .await?;
    let checkins = Condition::any()
        .add(checkin::Column::PersonId.eq(id))
        .add(checkin::Column::PairingId.is_in(pairing_ids.iter().copied()));
    for c in checkin::Entity::find().filter(checkins).all(txn).await? {
        let own = c.person_id == id;
        checkin::ActiveModel {
            id: Set(c.id),
            comment: Set(if own { None } else { blot(&c.comment, values) }),
            answered_by: Set(blot(&c.answered_by, values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    let feedback = Condition::any()
        .add(pairing_feedback::Column::PersonId.eq(id))
        .add(pairing_feedback::Column::PairingId.is_in(pairing_ids.iter().copied()));
    for f in pairing_feedback::Entity::find().filter(feedback).all(txn).await? {
        let own = f.person_id == id;
        pairing_feedback::ActiveModel {
            id: Set(f.id),
            comment: Set(if own { None } else { blot(&f.comment, values) }),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    let suggestions = Condition::any()
        .add(suggestion::Column::BeneficiaryId.eq(id))
        .add(suggestion::Column::VolunteerId.eq(id));
    suggestion::Entity::update_many()
        .col_expr(suggestion::Column::Reasons, Expr::value(""))
        .filter(suggestions.clone())
        .exec(txn)
        .await?;
    suggestion::Entity::update_many()
        .col_expr(suggestion::Column::Status, Expr::value("replaced"))
        .filter(suggestions)
        .filter(suggestion::Column::Status.eq("suggested"))
        .exec(txn)
        .await?;
    Ok(())
}

/// The e-mails sent to the other side of their binômes named the person.
pub(super) async fn blot_partner_emails(
    txn: &DatabaseTransaction,
    partners: &[i32],
    values: &[String],
) -> DbResult<()> {
    for m in outbox::Entity::find()
        .filter(outbox::Column::PersonId.is_in(partners.iter().copied()))
        .all(txn)
        .await?
    {
        outbox::ActiveModel {
            id: Set(m.id),
            subject: Set(redact(&m.subject, values)),
            body_text: Set(redact(&m.body_text, values)),
            body_html: Set(blot(&m.body_html, values)),
            ics: Set(blot(&m.ics, values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}

/// The team's notes about the person and their binômes go, and so do the errors of the
/// binômes' jobs (their texts are not the person's, but nothing says they never will be).
pub(super) async fn forget_notes(txn: &DatabaseTransaction, id: i32, pairing_ids: &[i32]) -> DbResult<()> {
    note::Entity::delete_many()
        .filter(
            Condition::any()
                .add(note::Column::PersonId.eq(id))
                .add(note::Column::PairingId.is_in(pairing_ids.iter().copied())),
        )
        .exec(txn)
        .await?;
    job::Entity::update_many()
        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
        .filter(job::Column::PairingId.is_in(pairing_ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Alerts about the person keep their kind and dates; their words go.
pub(super) async fn blot_alerts(
    txn: &DatabaseTransaction,
    id: i32,
    pairing_ids: &[i32],
    values: &[String],
) -> DbResult<()> {
    let about = Condition::any()
        .add(alert::Column::PersonId.eq(id))
        .add(alert::Column::PairingId.is_in(pairing_ids.iter().copied()));
    for a in alert::Entity::find().filter(about).all(txn).await? {
        let message = if a.person_id == Some(id) {
            ALERT_AFTER_ERASURE.to_string()
        } else {
            redact(&a.message, values)
        };
        alert::ActiveModel {
            id: Set(a.id),
            message: Set(message),
            closed_by: Set(blot(&a.closed_by, values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}

/// Letters written to her go; the letters to the other side of her binômes keep their dates
/// and lose her name and contacts.
pub(super) async fn forget_letters(
    txn: &DatabaseTransaction,
    id: i32,
    pairing_ids: &[i32],
    values: &[String],
) -> DbResult<()> {
    use super::super::entities::letter;
    letter::Entity::delete_many()
        .filter(letter::Column::PersonId.eq(id))
        .exec(txn)
        .await?;
    let about = letter::Column::PairingId.is_in(pairing_ids.iter().copied());
    for l in letter::Entity::find().filter(about).all(txn).await? {
        letter::ActiveModel {
            id: Set(l.id),
            title: Set(redact(&l.title, values)),
            body: Set(redact(&l.body, values)),
            printed_by: Set(blot(&l.printed_by, values)),
            ..Default::default()
        }
        .update(txn)
        .await?;
    }
    Ok(())
}
