use sea_orm::entity::prelude::*;

/// An SMS received from a person, kept until handled.
#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_inbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i32,
    pub person_id: Option<i32>,
    pub phone: String,
    pub text: String,
    pub received_at: i64,
    pub handled_at: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("sms_inbox::Model")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
