use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_exclusion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    /// "rejected" (by the coordinator), "declined" (by the volunteer), "blocked".
    pub reason: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
