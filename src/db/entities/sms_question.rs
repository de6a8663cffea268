use sea_orm::entity::prelude::*;

/// The question a person may answer by SMS: `agreement` (subject: the pairing) or `checkin`
/// (subject: the check-in).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub kind: String,
    pub subject_id: i32,
    pub asked_at: i64,
    pub answered_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
