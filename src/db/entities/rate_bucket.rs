use sea_orm::entity::prelude::*;

/// The lock of one bucket and subject: touched (and so locked) by each request counting it;
/// with the requests its window held when last counted, and when (empty until counted once).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_bucket")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bucket: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    pub touched_at: i64,
    pub used: Option<i64>,
    pub counted_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
