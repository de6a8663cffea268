use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "purge_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: i64,
    pub retention_months: i32,
    /// People with no activity since this instant were purged.
    pub inactive_before: i64,
    pub people_purged: i32,
    pub audit_purged: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
