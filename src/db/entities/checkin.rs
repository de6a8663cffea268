use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checkin")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pairing_id: i32,
    pub person_id: i32,
    /// "volunteer" or "beneficiary".
    pub role: String,
    pub number: i32,
    pub due_at: i64,
    pub answered_at: Option<i64>,
    pub met: Option<String>,
    pub mood: Option<String>,
    pub decision: Option<String>,
    pub call_back: bool,
    pub isolation: Option<i32>,
    pub comment: Option<String>,
    pub answered_by: Option<String>,
    /// Calls of the check-in by phone that got no answer, and when it comes back.
    pub call_attempts: i32,
    pub call_retry_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
