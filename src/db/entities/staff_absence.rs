use sea_orm::entity::prelude::*;

/// A coordinator's absence: from `from_day` to `to_day` (Paris days `AAAA-MM-JJ`, inclusive),
/// `stand_in_id` receives what would go to `staff_id`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_absence")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub staff_id: i32,
    pub stand_in_id: i32,
    pub from_day: String,
    pub to_day: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
