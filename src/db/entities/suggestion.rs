use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "suggestion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i32,
    pub round_id: String,
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    pub score: f64,
    pub distance_km: f64,
    /// "in_person" or "phone".
    pub mode: String,
    /// The reasons, one per line.
    pub reasons: String,
    /// "suggested", "approved", "rejected" or "replaced".
    pub status: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
