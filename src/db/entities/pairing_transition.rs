use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pairing_transition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pairing_id: i32,
    pub from_state: Option<String>,
    pub to_state: String,
    pub by_who: String,
    pub note: Option<String>,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
