use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "commune")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub insee_code: String,
    pub name: String,
    pub search_key: String,
    /// Space-separated, with a leading and trailing space so `LIKE '% 15400 %'` finds one.
    pub postal_codes: String,
    pub departement: String,
    pub population: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
