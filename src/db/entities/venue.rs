use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "venue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub team_id: i32,
    pub name: String,
    pub address: String,
    pub commune_code: String,
    /// OpenStreetMap `opening_hours` syntax.
    pub opening_hours: String,
    pub accessibility_url: Option<String>,
    /// No longer offered for new meetings (meetings already set keep it).
    pub retired_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
