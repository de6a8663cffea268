use sea_orm::entity::prelude::*;

/// A letter to print for a person who chose the post: the words of a notice, waiting until
/// the team marks it printed (then kept in the person's record).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "letter")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub team_id: i32,
    pub person_id: i32,
    pub pairing_id: Option<i32>,
    pub title: String,
    pub body: String,
    pub created_at: i64,
    pub printed_at: Option<i64>,
    pub printed_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
