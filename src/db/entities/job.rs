use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub pairing_id: i32,
    pub run_at: i64,
    pub status: String,
    pub attempts: i32,
    pub lease_until: Option<i64>,
    pub idempotency_key: String,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub done_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
