//! Everything stored about one person, table by table, for the right of access: the JSON
//! download and the readable page are two views of this one export.

use super::super::entities::{
    alert, audit_log, checkin, consent, interest, job, letter, meeting, note, outbox, pair_exclusion, pairing,
    pairing_feedback, pairing_transition, person, person_erasure, person_interest, person_token, suggestion,
    volunteer_time, web_session,
};
use super::super::{Db, DbResult};
use crate::domain::pairing::Exclusion;
use crate::domain::rgpd::strip_links;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Select};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The rows of one table that are about the person.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub table: &'static str,
    pub rows: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub person_id: i32,
    pub generated_at: i64,
    pub sections: Vec<Section>,
}

impl Export {
    pub fn rows(&self, table: &str) -> &[Value] {
        self.sections
            .iter()
            .find(|s| s.table == table)
            .map_or(&[], |s| s.rows.as_slice())
    }
}

async fn rows<C: ConnectionTrait, E: EntityTrait>(conn: &C, select: Select<E>) -> DbResult<Vec<Value>> {
    Ok(select.into_json().all(conn).await?)
}

/// Removes columns that are secrets or internal plumbing rather than the person's data.
fn without(mut rows: Vec<Value>, keys: &[&str]) -> Vec<Value> {
    for row in &mut rows {
        if let Some(map) = row.as_object_mut() {
            for key in keys {
                map.remove(*key);
            }
        }
    }
    rows
}

/// The e-mails' texts with [`strip_links`]: a link still waiting in the outbox works, and an
/// export is read, printed and copied by other people than its recipient.
fn without_links(mut rows: Vec<Value>) -> Vec<Value> {
    for row in &mut rows {
        if let Some(Value::String(text)) = row.get_mut("body_text") {
            *text = strip_links(text);
        }
    }
    rows
}

fn either_side<C: ColumnTrait>(a: C, b: C, person_id: i32) -> Condition {
    Condition::any().add(a.eq(person_id)).add(b.eq(person_id))
}

/// Every row about the person, from every table that refers to them; None if unknown.
pub async fn export(db: &Db, person_id: i32, now_ms: i64) -> DbResult<Option<Export>> {
    let conn = &db.conn;
    let Some(me) = person::Entity::find_by_id(person_id).one(conn).await? else {
        return Ok(None);
    };
    let pairing_ids: Vec<i32> = pairing::Entity::find()
        .filter(either_side(
            pairing::Column::BeneficiaryId,
            pairing::Column::VolunteerId,
            person_id,
        ))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let labels: HashMap<i64, String> = interest::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|i| (i64::from(i.id), i.label))
        .collect();
    let mut interests = rows(
        conn,
        person_interest::Entity::find().filter(person_interest::Column::PersonId.eq(person_id)),
    )
    .await?;
    for row in &mut interests {
        let label = row["interest_id"].as_i64().and_then(|id| labels.get(&id).cloned());
        row["interest"] = json!(label);
    }
    let by_person = |c: person::Column| c.eq(person_id);
    let sessions = web_session::Entity::find()
        .filter(web_session::Column::PersonId.eq(person_id))
        .count(conn)
        .await?;
    let mut outbox_filter = Condition::any().add(outbox::Column::PersonId.eq(person_id));
    if let Some(email) = &me.email {
        outbox_filter = outbox_filter.add(outbox::Column::ToAddress.eq(email.clone()));
    }
    let sections = vec![
        Section {
            table: "person",
            rows: rows(conn, person::Entity::find().filter(by_person(person::Column::Id))).await?,
        },
        Section {
            table: "person_interest",
            rows: interests,
        },
        Section {
            table: "consent",
            rows: rows(
                conn,
                consent::Entity::find()
                    .filter(consent::Column::PersonId.eq(person_id))
                    .order_by_asc(consent::Column::Id),
            )
            .await?,
        },
        Section {
            table: "person_token",
            rows: without(
                rows(
                    conn,
                    person_token::Entity::find().filter(person_token::Column::PersonId.eq(person_id)),
                )
                .await?,
                &["token_sha256"],
            ),
        },
        Section {
            table: "outbox",
            rows: without_links(without(
                rows(
                    conn,
                    outbox::Entity::find()
                        .filter(outbox_filter)
                        .order_by_asc(outbox::Column::Id),
                )
                .await?,
                &["body_html", "message_id", "idempotency_key", "lease_until"],
            )),
        },
        Section {
            table: "suggestion",
            rows: rows(
                conn,
                suggestion::Entity::find().filter(either_side(
                    suggestion::Column::BeneficiaryId,
                    suggestion::Column::VolunteerId,
                    person_id,
                )),
            )
            .await?,
        },
        Section {
            table: "pair_exclusion",
            rows: rows(
                conn,
                // A volunteer never learns that a person asked not to meet them: the
                // rights of the person who asked come first (RGPD art. 15.4).
                pair_exclusion::Entity::find().filter(
                    Condition::any()
                        .add(pair_exclusion::Column::BeneficiaryId.eq(person_id))
                        .add(
                            Condition::all()
                                .add(pair_exclusion::Column::VolunteerId.eq(person_id))
                                .add(pair_exclusion::Column::Reason.ne(Exclusion::Avoided.code())),
                        ),
                ),
            )
            .await?,
        },
        Section {
            table: "pairing",
            rows: rows(
                conn,
                pairing::Entity::find().filter(pairing::Column::Id.is_in(pairing_ids.clone())),
            )
            .await?,
        },
        Section {
            table: "meeting",
            rows: rows(
                conn,
                meeting::Entity::find().filter(meeting::Column::PairingId.is_in(pairing_ids.clone())),
            )
            .await?,
        },
        Section {
            table: "pairing_transition",
            rows: rows(
                conn,
                pairing_transition::Entity::find()
                    .filter(pairing_transition::Column::PairingId.is_in(pairing_ids.clone()))
                    .order_by_asc(pairing_transition::Column::Id),
            )
            .await?,
        },
        Section {
            table: "job",
            rows: without(
                rows(
                    conn,
                    job::Entity::find().filter(job::Column::PairingId.is_in(pairing_ids.clone())),
                )
                .await?,
                &["lease_until", "idempotency_key", "last_error"],
            ),
        },
        Section {
            table: "checkin",
            rows: rows(
                conn,
                checkin::Entity::find().filter(checkin::Column::PersonId.eq(person_id)),
            )
            .await?,
        },
        Section {
            table: "alert",
            rows: rows(
                conn,
                alert::Entity::find().filter(alert::Column::PersonId.eq(person_id)),
            )
            .await?,
        },
        Section {
            table: "letter",
            rows: rows(
                conn,
                letter::Entity::find()
                    .filter(
                        Condition::any()
                            .add(letter::Column::PersonId.eq(person_id))
                            .add(letter::Column::PairingId.is_in(pairing_ids.clone())),
                    )
                    .order_by_asc(letter::Column::Id),
            )
            .await?,
        },
        Section {
            table: "note",
            rows: rows(
                conn,
                note::Entity::find()
                    .filter(
                        Condition::any()
                            .add(note::Column::PersonId.eq(person_id))
                            .add(note::Column::PairingId.is_in(pairing_ids.clone())),
                    )
                    .order_by_asc(note::Column::Id),
            )
            .await?,
        },
        Section {
            table: "pairing_feedback",
            rows: rows(
                conn,
                pairing_feedback::Entity::find().filter(pairing_feedback::Column::PersonId.eq(person_id)),
            )
            .await?,
        },
        Section {
            table: "volunteer_time",
            rows: rows(
                conn,
                volunteer_time::Entity::find()
                    .filter(volunteer_time::Column::PersonId.eq(person_id))
                    .order_by_asc(volunteer_time::Column::Year)
                    .order_by_asc(volunteer_time::Column::Month),
            )
            .await?,
        },
        Section {
            table: "web_session",
            rows: vec![json!({ "open_sessions": sessions })],
        },
        Section {
            table: "person_erasure",
            rows: rows(
                conn,
                person_erasure::Entity::find().filter(person_erasure::Column::PersonId.eq(person_id)),
            )
            .await?,
        },
        Section {
            table: "audit_log",
            rows: rows(
                conn,
                audit_log::Entity::find()
                    .filter(audit_log::Column::PersonId.eq(person_id))
                    .order_by_asc(audit_log::Column::Id),
            )
            .await?,
        },
    ];
    Ok(Some(Export {
        person_id,
        generated_at: now_ms,
        sections,
    }))
}
