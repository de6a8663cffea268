use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub organisation: Option<String>,
    pub created_at: i64,
    pub password_changed_at: i64,
    /// Base32 TOTP secret, stored as is (the server must read it to check codes).
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub totp_last_step: Option<i64>,
    /// Set while the account is disabled: it cannot sign in and its sessions are refused.
    pub disabled_at: Option<i64>,
    /// Receives the Monday digest (on unless the staff member opts out in « Mon compte »).
    pub weekly_digest: bool,
}

/// Ids only: names, e-mails and hashes never reach the logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("staff::Model")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
