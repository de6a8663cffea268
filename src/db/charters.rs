//! Charter versions: drafts the admin edits, published versions that never change.

use super::entities::charter_version;
use super::{Db, DbResult};
use crate::domain::consent::charter_hash;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const DEFAULT_TITLE: &str = "Charte des binômes de convivialité";
const DEFAULT_FULL: &str = include_str!("../../data/charte-v1.txt");
const DEFAULT_FALC: &str = include_str!("../../data/charte-v1-facile.txt");

#[derive(Debug, Clone, PartialEq)]
pub struct Charter {
    pub id: i32,
    pub version: i32,
    pub title: String,
    pub full_text: String,
    pub falc_text: String,
    pub content_sha256: Option<String>,
    pub material: bool,
    pub published_at: Option<i64>,
    pub previous_valid_until: Option<i64>,
}

impl Charter {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

impl From<charter_version::Model> for Charter {
    fn from(m: charter_version::Model) -> Self {
        Self {
            id: m.id,
            version: m.version,
            title: m.title,
            full_text: m.full_text,
            falc_text: m.falc_text,
            content_sha256: m.content_sha256,
            material: m.material,
            published_at: m.published_at,
            previous_valid_until: m.previous_valid_until,
        }
    }
}

/// A new database gets the default charter, published.
pub async fn ensure_default(db: &Db, now_ms: i64) -> DbResult<()> {
    if charter_version::Entity::find().count(&db.conn).await? > 0 {
        return Ok(());
    }
    charter_version::ActiveModel {
        version: Set(1),
        title: Set(DEFAULT_TITLE.into()),
        full_text: Set(DEFAULT_FULL.into()),
        falc_text: Set(DEFAULT_FALC.into()),
        content_sha256: Set(Some(charter_hash(DEFAULT_TITLE, DEFAULT_FULL, DEFAULT_FALC))),
        material: Set(true),
        published_at: Set(Some(now_ms)),
        previous_valid_until: Set(None),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(())
}

/// The latest published version: the one people sign now.
pub async fn current(db: &Db) -> DbResult<Option<Charter>> {
    Ok(charter_version::Entity::find()
        .filter(charter_version::Column::PublishedAt.is_not_null())
        .order_by_desc(charter_version::Column::Version)
        .one(&db.conn)
        .await?
        .map(Charter::from))
}

/// The latest version published as a material change (the one that requires re-consent).
pub async fn current_material(db: &Db) -> DbResult<Option<Charter>> {
    Ok(charter_version::Entity::find()
        .filter(charter_version::Column::PublishedAt.is_not_null())
        .filter(charter_version::Column::Material.eq(true))
        .order_by_desc(charter_version::Column::Version)
        .one(&db.conn)
        .await?
        .map(Charter::from))
}

pub async fn list(db: &Db) -> DbResult<Vec<Charter>> {
    let rows = charter_version::Entity::find()
        .order_by_desc(charter_version::Column::Version)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Charter::from).collect())
}

pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<Charter>> {
    Ok(charter_version::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(Charter::from))
}

/// Creates a draft with the next version number.
pub async fn create_draft(db: &Db, title: &str, full: &str, falc: &str, now_ms: i64) -> DbResult<i32> {
    let last = charter_version::Entity::find()
        .order_by_desc(charter_version::Column::Version)
        .one(&db.conn)
        .await?;
    let row = charter_version::ActiveModel {
        version: Set(last.map_or(1, |l| l.version + 1)),
        title: Set(title.into()),
        full_text: Set(full.into()),
        falc_text: Set(falc.into()),
        content_sha256: Set(None),
        material: Set(false),
        published_at: Set(None),
        previous_valid_until: Set(None),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(row.id)
}

/// Publishes a draft: its hash is fixed and it can no longer change. Returns false when the
/// version was already published.
pub async fn publish(
    db: &Db,
    id: i32,
    material: bool,
    previous_valid_until: Option<i64>,
    now_ms: i64,
) -> DbResult<bool> {
    let Some(draft) = charter_version::Entity::find_by_id(id).one(&db.conn).await? else {
        return Ok(false);
    };
    if draft.published_at.is_some() {
        return Ok(false);
    }
    let hash = charter_hash(&draft.title, &draft.full_text, &draft.falc_text);
    let res = charter_version::Entity::update_many()
        .col_expr(
            charter_version::Column::ContentSha256,
            sea_orm::sea_query::Expr::value(hash),
        )
        .col_expr(
            charter_version::Column::Material,
            sea_orm::sea_query::Expr::value(material),
        )
        .col_expr(
            charter_version::Column::PublishedAt,
            sea_orm::sea_query::Expr::value(now_ms),
        )
        .col_expr(
            charter_version::Column::PreviousValidUntil,
            sea_orm::sea_query::Expr::value(previous_valid_until),
        )
        .filter(charter_version::Column::Id.eq(id))
        .filter(charter_version::Column::PublishedAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}
