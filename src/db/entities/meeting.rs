use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pairing_id: i32,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_id: Option<i32>,
    /// A free place, when no venue of the team was chosen.
    pub place: Option<String>,
    /// The calendar's SEQUENCE: 0 when set, one more at each change or cancellation.
    pub sequence: i32,
    pub cancelled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
