//! A tower-sessions store over sea-orm: sessions live in the database, so any instance can
//! serve any request, and changing a password can revoke them.

use super::Db;
use super::entities::web_session;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::OnConflict};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session key under which the signed-in staff member's id is kept.
pub const STAFF_ID_KEY: &str = "staff_id";
/// The session key under which a signed-in volunteer's or isolated person's id is kept.
pub const PERSON_ID_KEY: &str = "person_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Deletes expired sessions (housekeeping).
    pub async fn delete_expired(&self, now_ms: i64) -> session_store::Result<u64> {
        let res = web_session::Entity::delete_many()
            .filter(web_session::Column::ExpiresAt.lt(now_ms))
            .exec(&self.db.conn)
            .await
            .map_err(backend)?;
        Ok(res.rows_affected)
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn row(record: &Record) -> session_store::Result<web_session::ActiveModel> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let id_of = |key: &str| record.data.get(key).and_then(|v| v.as_i64()).map(|v| v as i32);
    Ok(web_session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set((record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64),
        staff_id: Set(id_of(STAFF_ID_KEY)),
        person_id: Set(id_of(PERSON_ID_KEY)),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let res = web_session::Entity::insert(row(record)?)
                .on_conflict_do_nothing_on([web_session::Column::Id])
                .exec(&self.db.conn)
                .await
                .map_err(backend)?;
            match res {
                sea_orm::TryInsertResult::Inserted(_) => return Ok(()),
                _ => record.id = Id::default(), // collision: draw another id
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        web_session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(web_session::Column::Id)
                    .update_columns([
                        web_session::Column::Data,
                        web_session::Column::ExpiresAt,
                        web_session::Column::StaffId,
                        web_session::Column::PersonId,
                    ])
                    .to_owned(),
            )
            .exec(&self.db.conn)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let now_ms = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        let Some(found) = web_session::Entity::find_by_id(session_id.to_string())
            .filter(web_session::Column::ExpiresAt.gt(now_ms))
            .one(&self.db.conn)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp_nanos(found.expires_at as i128 * 1_000_000)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        web_session::Entity::delete_by_id(session_id.to_string())
            .exec(&self.db.conn)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
