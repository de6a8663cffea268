use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    /// None for the scheduler and for a failed sign-in.
    pub staff_id: Option<i32>,
    /// Who, as shown in the journal: "Name (role)", or the address typed at a failed sign-in.
    pub staff_label: String,
    /// view, change, export, erase, purge, login or login_failed.
    pub action: String,
    pub person_id: Option<i32>,
    /// What changed, in words; never a personal value.
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
