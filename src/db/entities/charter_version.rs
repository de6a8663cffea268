use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "charter_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version: i32,
    pub title: String,
    pub full_text: String,
    pub falc_text: String,
    /// Set when published; a published version never changes.
    pub content_sha256: Option<String>,
    pub material: bool,
    pub published_at: Option<i64>,
    /// People who signed an older version stay matchable until then.
    pub previous_valid_until: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
