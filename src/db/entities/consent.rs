use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consent")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub charter_version_id: i32,
    pub content_sha256: String,
    pub method: String,
    pub attested_by: Option<i32>,
    pub attester_name: Option<String>,
    pub attested_on: Option<String>,
    pub signed_at: i64,
    pub withdrawn_at: Option<i64>,
    pub withdrawn_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
