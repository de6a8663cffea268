use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_time")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    /// The volunteer's team when the month was logged.
    pub team_id: Option<i32>,
    pub year: i32,
    /// 1 to 12.
    pub month: i32,
    /// Hours given, in hundredths of an hour (250 for « 2,5 »).
    pub hours_centi: i32,
    /// Kilometres driven, in tenths of a kilometre.
    pub km_tenths: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
