//! Small key–value settings shared by every instance (secrets, one-time setup token).

use super::entities::setting;
use super::{Db, DbResult};
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};

pub async fn get(db: &Db, key: &str) -> DbResult<Option<String>> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(&db.conn)
        .await?
        .map(|s| s.value))
}

pub async fn put(db: &Db, key: &str, value: &str) -> DbResult<()> {
    let row = setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
    };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_column(setting::Column::Value)
                .to_owned(),
        )
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Inserts only when the key is absent; returns the value that is stored afterwards.
/// Several instances starting together thus agree on one value.
pub async fn get_or_insert(db: &Db, key: &str, value: &str) -> DbResult<String> {
    let row = setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
    };
    setting::Entity::insert(row)
        .on_conflict_do_nothing_on([setting::Column::Key])
        .exec(&db.conn)
        .await?;
    get(db, key).await.map(|v| v.unwrap_or_else(|| value.to_string()))
}

pub async fn delete(db: &Db, key: &str) -> DbResult<()> {
    setting::Entity::delete_by_id(key.to_string()).exec(&db.conn).await?;
    Ok(())
}

const TOTP_REQUIRED_KEY: &str = "totp_required_for_admins";

/// Whether administrators must use the second factor.
pub async fn totp_required_for_admins(db: &Db) -> DbResult<bool> {
    Ok(get(db, TOTP_REQUIRED_KEY).await?.as_deref() == Some("1"))
}

pub async fn set_totp_required_for_admins(db: &Db, required: bool) -> DbResult<()> {
    put(db, TOTP_REQUIRED_KEY, if required { "1" } else { "0" }).await
}
