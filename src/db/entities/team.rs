use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "team")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub created_at: i64,
    pub checkin_every_days: i32,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postal_address: Option<String>,
    /// The team's SMS contract (SMPP 3.4): none until the administrator sets it.
    pub smpp_host: Option<String>,
    pub smpp_port: Option<i32>,
    pub smpp_system_id: Option<String>,
    pub smpp_password: Option<String>,
    pub smpp_sender: Option<String>,
    /// The local *transport solidaire*: name, phone and a short text, shown on the binôme
    /// page when one of the two has no transport.
    pub transport_name: Option<String>,
    pub transport_phone: Option<String>,
    pub transport_note: Option<String>,
}

/// The SMSC password never reaches the logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("team::Model")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
