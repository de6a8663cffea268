//! What people send by SMS: kept as received (`sms_inbox`) until handled, the question each
//! person may answer (`sms_question`), and STOP.

use super::super::checkins::{NewAlert, raise};
use super::super::entities::{person, sms_inbox, sms_question};
use super::super::{Db, DbResult};
use super::{NewSms, cancel_for_person, enqueue};
use crate::domain::alert::AlertKind;
use crate::domain::sms::{SmsKind, texts};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// What an SMS question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Does the person agree to meet the volunteer (subject: the pairing)?
    Agreement,
    /// How is it going (subject: the check-in)?
    Checkin,
}

impl QuestionKind {
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Agreement => "agreement",
            QuestionKind::Checkin => "checkin",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [QuestionKind::Agreement, QuestionKind::Checkin]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingQuestion {
    pub id: i32,
    pub kind: QuestionKind,
    pub subject_id: i32,
}

/// The person's one question still open: the newest asked.
pub async fn pending_question(db: &Db, person_id: i32) -> DbResult<Option<PendingQuestion>> {
    let row = sms_question::Entity::find()
        .filter(sms_question::Column::PersonId.eq(person_id))
        .filter(sms_question::Column::AnsweredAt.is_null())
        .order_by_desc(sms_question::Column::Id)
        .one(&db.conn)
        .await?;
    Ok(row.and_then(|q| {
        QuestionKind::parse(&q.kind).map(|kind| PendingQuestion {
            id: q.id,
            kind,
            subject_id: q.subject_id,
        })
    }))
}

/// Closes a question (answered, or moot: the binôme moved on).
pub async fn answered(db: &Db, question_id: i32, now_ms: i64) -> DbResult<()> {
    sms_question::Entity::update_many()
        .col_expr(sms_question::Column::AnsweredAt, Expr::value(now_ms))
        .filter(sms_question::Column::Id.eq(question_id))
        .filter(sms_question::Column::AnsweredAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// An SMS received and not handled yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    pub id: i64,
    pub team_id: i32,
    pub person_id: Option<i32>,
    pub phone: String,
    pub text: String,
}

/// Keeps an SMS received from `phone` (national form) on `team_id`'s number, with the person
/// of that team who has this number, if any. Called before the SMSC is acknowledged.
pub async fn receive(db: &Db, team_id: i32, phone: &str, text: &str, now_ms: i64) -> DbResult<i64> {
    let person_id = person::Entity::find()
        .filter(person::Column::TeamId.eq(team_id))
        .filter(person::Column::Phone.eq(phone))
        .filter(person::Column::LeftAt.is_null())
        .order_by_desc(person::Column::Id)
        .one(&db.conn)
        .await?
        .map(|p| p.id);
    let text: String = text.chars().take(1_000).collect();
    let row = sms_inbox::ActiveModel {
        team_id: Set(team_id),
        person_id: Set(person_id),
        phone: Set(phone.to_string()),
        text: Set(text),
        received_at: Set(now_ms),
        handled_at: Set(None),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(row.id)
}

/// SMS received and not handled yet, oldest first.
pub async fn unhandled(db: &Db) -> DbResult<Vec<Inbound>> {
    let rows = sms_inbox::Entity::find()
        .filter(sms_inbox::Column::HandledAt.is_null())
        .order_by_asc(sms_inbox::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Inbound {
            id: r.id,
            team_id: r.team_id,
            person_id: r.person_id,
            phone: r.phone,
            text: r.text,
        })
        .collect())
}

/// Marks a received SMS handled; false when another worker did it first.
pub async fn handled(db: &Db, id: i64, now_ms: i64) -> DbResult<bool> {
    let res = sms_inbox::Entity::update_many()
        .col_expr(sms_inbox::Column::HandledAt, Expr::value(now_ms))
        .filter(sms_inbox::Column::Id.eq(id))
        .filter(sms_inbox::Column::HandledAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// STOP: the person gets no more SMS (the next notice goes by the next channel), what waited
/// for her is cancelled, the coordinator is told on the desk, and she gets one confirmation —
/// together. A second STOP changes nothing and confirms nothing.
pub async fn stop(db: &Db, inbound: &Inbound, person_id: i32, name: &str, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let res = person::Entity::update_many()
        .col_expr(person::Column::SmsStoppedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(person_id))
        .filter(person::Column::SmsStoppedAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    let cancelled = cancel_for_person(&txn, person_id).await?;
    let waiting = match cancelled {
        0 => String::new(),
        1 => " Un SMS qui attendait n'est pas parti : la prévenir autrement.".to_string(),
        n => format!(" {n} SMS qui attendaient ne sont pas partis : la prévenir autrement."),
    };
    let alert = NewAlert {
        team_id: inbound.team_id,
        pairing_id: None,
        person_id: Some(person_id),
        kind: AlertKind::SmsReceived,
        message: format!(
            "{name} a répondu STOP : plus de SMS. Elle sera prévenue autrement ; elle souhaite peut-être arrêter, l'appeler.{waiting}"
        ),
    };
    raise(&txn, &alert, now_ms).await?;
    let confirmation = NewSms {
        team_id: inbound.team_id,
        person_id: Some(person_id),
        phone: inbound.phone.clone(),
        body: texts::STOPPED.to_string(),
        kind: SmsKind::Reply,
        key: format!("stop:{person_id}:{}", inbound.id),
    };
    enqueue(&txn, &[confirmation], now_ms).await?;
    txn.commit().await?;
    Ok(true)
}
