//! The communes table: loaded from the copy shipped in `data/`, searched by name or code.

use super::entities::commune;
use super::{Db, DbError, DbResult, settings};
use crate::data::COMMUNES_CSV_GZ;
use crate::domain::commune::index::{CommuneIndex, Entry};
use crate::domain::commune::{Centroid, search_key};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use std::io::Read;

const SETTING_KEY: &str = "communes_sha256";

/// A commune as the rest of the program sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub insee_code: String,
    pub name: String,
    pub postal_codes: Vec<String>,
    pub departement: String,
    pub population: i64,
    pub centroid: Option<Centroid>,
}

impl Commune {
    /// "Mauriac (15)": homonyms are told apart by their département.
    pub fn label(&self) -> String {
        crate::domain::commune::label(&self.name, &self.departement)
    }
}

impl From<commune::Model> for Commune {
    fn from(m: commune::Model) -> Self {
        let centroid = match (m.lat, m.lon) {
            (Some(lat), Some(lon)) => Some(Centroid { lat, lon }),
            _ => None,
        };
        Self {
            insee_code: m.insee_code,
            name: m.name,
            postal_codes: m.postal_codes.split_whitespace().map(str::to_string).collect(),
            departement: m.departement,
            population: m.population,
            centroid,
        }
    }
}

/// Loads the shipped communes when the table does not hold this exact data set yet.
pub async fn sync(db: &Db) -> DbResult<()> {
    let digest = hex::encode(Sha256::digest(COMMUNES_CSV_GZ));
    if settings::get(db, SETTING_KEY).await?.as_deref() == Some(digest.as_str()) {
        return Ok(());
    }
    let rows = parse_shipped()?;
    let txn = db.begin_write().await?;
    commune::Entity::delete_many().exec(&txn).await?;
    for chunk in rows.chunks(1000) {
        commune::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    txn.commit().await?;
    settings::put(db, SETTING_KEY, &digest).await?;
    tracing::info!(communes = rows.len(), "communes loaded");
    Ok(())
}

fn parse_shipped() -> DbResult<Vec<commune::ActiveModel>> {
    let corrupt = |e: &dyn std::fmt::Display| DbError::Corrupt(format!("data/communes.csv.gz: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(COMMUNES_CSV_GZ)
        .read_to_string(&mut text)
        .map_err(|e| corrupt(&e))?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::with_capacity(35_100);
    for record in reader.records() {
        let r = record.map_err(|e| corrupt(&e))?;
        let field = |i: usize| r.get(i).unwrap_or("").to_string();
        let name = field(1);
        rows.push(commune::ActiveModel {
            insee_code: Set(field(0)),
            search_key: Set(search_key(&name)),
            name: Set(name),
            postal_codes: Set(format!(" {} ", field(2))),
            departement: Set(field(3)),
            population: Set(field(4).parse().unwrap_or(0)),
            lat: Set(field(5).parse().ok()),
            lon: Set(field(6).parse().ok()),
        });
    }
    Ok(rows)
}

pub async fn count(db: &Db) -> DbResult<u64> {
    Ok(commune::Entity::find().count(&db.conn).await?)
}

pub async fn by_code(db: &Db, insee_code: &str) -> DbResult<Option<Commune>> {
    Ok(commune::Entity::find_by_id(insee_code.to_string())
        .one(&db.conn)
        .await?
        .map(Commune::from))
}

/// "Mauriac (15)" for a code, or the code itself when unknown.
pub async fn label_of(db: &Db, insee_code: &str) -> DbResult<String> {
    Ok(by_code(db, insee_code)
        .await?
        .map(|c| c.label())
        .unwrap_or_else(|| insee_code.to_string()))
}

pub async fn by_codes(db: &Db, codes: &[String]) -> DbResult<Vec<Commune>> {
    let rows = commune::Entity::find()
        .filter(commune::Column::InseeCode.is_in(codes.iter().cloned()))
        .order_by_asc(commune::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Commune::from).collect())
}

/// Every commune, indexed for the search (read once per instance: the table only changes
/// when a new version of binome ships new data, at `migrate`).
pub async fn search_index(db: &Db) -> DbResult<CommuneIndex<Commune>> {
    let rows = commune::Entity::find().all(&db.conn).await?;
    Ok(CommuneIndex::new(
        rows.into_iter()
            .map(|m| Entry {
                insee_code: m.insee_code.clone(),
                search_key: m.search_key.clone(),
                postal_codes: m.postal_codes.split_whitespace().map(str::to_string).collect(),
                population: m.population,
                commune: Commune::from(m),
            })
            .collect(),
    ))
}

/// Every commune of one or several départements, by name.
pub async fn in_departements(db: &Db, departements: &[String]) -> DbResult<Vec<Commune>> {
    let rows = commune::Entity::find()
        .filter(commune::Column::Departement.is_in(departements.iter().cloned()))
        .order_by_asc(commune::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Commune::from).collect())
}

/// Finds communes of one département by exact name (used by the demo).
pub async fn by_names(db: &Db, departement: &str, names: &[&str]) -> DbResult<Vec<Commune>> {
    let keys: Vec<String> = names.iter().map(|n| search_key(n)).collect();
    let rows = commune::Entity::find()
        .filter(commune::Column::Departement.eq(departement))
        .filter(commune::Column::SearchKey.is_in(keys))
        .order_by_asc(commune::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Commune::from).collect())
}
