//! Signatures of the charter and their withdrawal: the consent log.

use super::super::entities::consent;
use super::super::{Db, DbResult, charters::Charter};
use crate::domain::consent::ConsentMethod;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A signature of the charter, to store.
#[derive(Debug, Clone)]
pub struct NewConsent {
    pub charter_id: i32,
    pub content_sha256: String,
    pub method: ConsentMethod,
    pub attested_by: Option<i32>,
    pub attester_name: Option<String>,
    pub attested_on: Option<String>,
}

impl NewConsent {
    /// The person accepts `charter` online, by themselves.
    pub fn online(charter: &Charter) -> Self {
        Self {
            charter_id: charter.id,
            content_sha256: charter.content_sha256.clone().unwrap_or_default(),
            method: ConsentMethod::Online,
            attested_by: None,
            attester_name: None,
            attested_on: None,
        }
    }
}

/// A signature as the consent log shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentRecord {
    pub charter_id: i32,
    pub method: ConsentMethod,
    pub attester_name: Option<String>,
    pub attested_on: Option<String>,
    pub signed_at: i64,
    pub withdrawn_at: Option<i64>,
    pub withdrawn_by: Option<String>,
}

pub(super) async fn insert_consent<C: ConnectionTrait>(
    conn: &C,
    person_id: i32,
    c: &NewConsent,
    now_ms: i64,
) -> DbResult<()> {
    consent::ActiveModel {
        person_id: Set(person_id),
        charter_version_id: Set(c.charter_id),
        content_sha256: Set(c.content_sha256.clone()),
        method: Set(c.method.code().into()),
        attested_by: Set(c.attested_by),
        attester_name: Set(c.attester_name.clone()),
        attested_on: Set(c.attested_on.clone()),
        signed_at: Set(now_ms),
        withdrawn_at: Set(None),
        withdrawn_by: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn consents(db: &Db, person_id: i32) -> DbResult<Vec<ConsentRecord>> {
    let rows = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(person_id))
        .order_by_asc(consent::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|c| ConsentRecord {
            charter_id: c.charter_version_id,
            method: ConsentMethod::parse(&c.method).unwrap_or(ConsentMethod::Online),
            attester_name: c.attester_name,
            attested_on: c.attested_on,
            signed_at: c.signed_at,
            withdrawn_at: c.withdrawn_at,
            withdrawn_by: c.withdrawn_by,
        })
        .collect())
}

/// A new signature (re-consent to a new charter version).
pub async fn add_consent(db: &Db, id: i32, consent: &NewConsent, now_ms: i64) -> DbResult<()> {
    insert_consent(&db.conn, id, consent, now_ms).await
}

/// For each person, the highest charter version they signed and have not withdrawn.
pub async fn signed_versions(db: &Db, person_ids: &[i32]) -> DbResult<std::collections::HashMap<i32, i32>> {
    let charters = super::super::charters::list(db).await?;
    let rows = consent::Entity::find()
        .filter(consent::Column::PersonId.is_in(person_ids.iter().copied()))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(&db.conn)
        .await?;
    let mut out = std::collections::HashMap::new();
    for c in rows {
        let version = charters
            .iter()
            .find(|v| v.id == c.charter_version_id)
            .map_or(0, |v| v.version);
        let best = out.entry(c.person_id).or_insert(version);
        *best = (*best).max(version);
    }
    Ok(out)
}
