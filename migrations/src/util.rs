//! Index helpers shared by the migrations.

use sea_orm_migration::prelude::*;

pub async fn index<T, C>(m: &SchemaManager<'_>, name: &str, table: T, cols: &[C]) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    create(m, name, table, cols, false).await
}

pub async fn unique<T, C>(m: &SchemaManager<'_>, name: &str, table: T, cols: &[C]) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    create(m, name, table, cols, true).await
}

async fn create<T, C>(m: &SchemaManager<'_>, name: &str, table: T, cols: &[C], unique: bool) -> Result<(), DbErr>
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    if unique {
        stmt.unique();
    }
    for col in cols {
        stmt.col(col.clone());
    }
    m.create_index(stmt.to_owned()).await
}
