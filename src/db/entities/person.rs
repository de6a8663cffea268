use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub status: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    pub commune: String,
    pub team_id: Option<i32>,
    pub referent_id: Option<i32>,
    pub contact_channel: String,
    /// When the person prefers to be called (« le matin »…), free text.
    pub call_when: Option<String>,
    pub slots: i32,
    pub languages: String,
    pub formats: String,
    pub radius_km: Option<i32>,
    pub travel_means: Option<String>,
    pub capacity: Option<i32>,
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    pub wants_gender: Option<String>,
    pub wants_age_min: Option<i32>,
    pub wants_age_max: Option<i32>,
    pub isolation: Option<i32>,
    pub waiting_since: Option<i64>,
    pub email_confirmed_at: Option<i64>,
    pub check_interview: bool,
    pub check_charter: bool,
    pub check_training: bool,
    pub decided_at: Option<i64>,
    pub decided_by: Option<i32>,
    pub submission_key: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub left_at: Option<i64>,
    /// When the person answered STOP to an SMS.
    pub sms_stopped_at: Option<i64>,
    /// Donnant-donnant: topic codes the person likes to share ("jardin,cuisine"), in her words,
    /// and the topics a volunteer would like to discover.
    pub shares: String,
    pub share_note: Option<String>,
    pub learns: String,
    /// Wants a volunteer who does not live in their commune (set by staff).
    pub other_commune: bool,
    /// Has no car or needs to be accompanied to go out.
    pub needs_transport: bool,
}

/// Ids only: personal data never reaches the logs.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("person::Model")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
