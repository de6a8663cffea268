use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i32,
    pub person_id: Option<i32>,
    /// National form, "0612345678".
    pub phone: String,
    pub text: String,
    pub segments: i32,
    /// `notice` or `reply` (`domain::sms::SmsKind`).
    pub kind: String,
    pub status: String,
    pub run_at: i64,
    pub attempts: i32,
    pub lease_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub idempotency_key: String,
}

/// Ids only: numbers and texts never reach the logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("sms_outbox::Model")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
