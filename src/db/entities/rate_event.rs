use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What is limited: "sign_in_link", "signup"…
    pub bucket: String,
    /// Whom it is counted for: an e-mail address, a client address, or "*" for everyone.
    pub subject: String,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
