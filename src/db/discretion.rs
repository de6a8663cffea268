//! Discretion (#18.3), set by staff on a waiting person's record: a volunteer from another
//! commune (`person.other_commune`), and the volunteers the person does not want to meet,
//! kept as `pair_exclusion` rows with the reason "avoided" (like a declined pair, never
//! proposed; unlike it, withdrawn when the person changes her mind).

use super::audit::{self, Line};
use super::entities::{pair_exclusion, person};
use super::{Db, DbResult};
use crate::domain::pairing::Exclusion;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

/// What a waiting person asked for, about who the volunteer is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discretion {
    pub other_commune: bool,
    /// The volunteers' person ids, ascending.
    pub avoided: Vec<i32>,
}

pub async fn of_person(db: &Db, person_id: i32) -> DbResult<Discretion> {
    let other_commune = person::Entity::find_by_id(person_id)
        .one(&db.conn)
        .await?
        .is_some_and(|p| p.other_commune);
    let avoided = pair_exclusion::Entity::find()
        .filter(pair_exclusion::Column::BeneficiaryId.eq(person_id))
        .filter(pair_exclusion::Column::Reason.eq(Exclusion::Avoided.code()))
        .order_by_asc(pair_exclusion::Column::VolunteerId)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| e.volunteer_id)
        .collect();
    Ok(Discretion { other_commune, avoided })
}

/// Replaces the person's choices, with the journal line, in one transaction. A pair already
/// excluded for another reason (declined…) stays excluded for that reason.
pub async fn set(db: &Db, person_id: i32, d: &Discretion, journal: &[Line], now_ms: i64) -> DbResult<()> {
    let txn = db.begin_write().await?;
    person::Entity::update_many()
        .col_expr(person::Column::OtherCommune, Expr::value(d.other_commune))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(person_id))
        .exec(&txn)
        .await?;
    pair_exclusion::Entity::delete_many()
        .filter(pair_exclusion::Column::BeneficiaryId.eq(person_id))
        .filter(pair_exclusion::Column::Reason.eq(Exclusion::Avoided.code()))
        .exec(&txn)
        .await?;
    for &volunteer_id in &d.avoided {
        super::suggestions::exclude(&txn, person_id, volunteer_id, Exclusion::Avoided, now_ms).await?;
    }
    audit::record_all(&txn, journal, now_ms).await?;
    txn.commit().await?;
    Ok(())
}

/// Among `ids`, the people who asked for a volunteer from another commune.
pub async fn other_commune_among(db: &Db, ids: &[i32]) -> DbResult<HashSet<i32>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        let rows = person::Entity::find()
            .filter(person::Column::Id.is_in(chunk.iter().copied()))
            .filter(person::Column::OtherCommune.eq(true))
            .all(&db.conn)
            .await?;
        out.extend(rows.into_iter().map(|p| p.id));
    }
    Ok(out)
}

/// Every (person, volunteer) pair the person asked not to meet.
pub async fn avoided_pairs(db: &Db) -> DbResult<HashSet<(i32, i32)>> {
    Ok(pair_exclusion::Entity::find()
        .filter(pair_exclusion::Column::Reason.eq(Exclusion::Avoided.code()))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.beneficiary_id, e.volunteer_id))
        .collect())
}
