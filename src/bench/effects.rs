//! For `binome bench-jobs` only: a side table where each benchmark job leaves its mark, keyed
//! by the job's idempotency key, so that a job run twice shows as a conflict. It lives outside
//! the migration history: the benchmark creates it and drops it.

use crate::db::{Db, DbResult};
use sea_orm::sea_query::{Alias, ColumnDef, Expr, Func, OnConflict, Query, Table};
use sea_orm::{ConnectionTrait, FromQueryResult};

fn table() -> Alias {
    Alias::new("bench_effect")
}

/// Creates the effect table afresh.
pub async fn prepare(db: &Db) -> DbResult<()> {
    drop(db).await?;
    let create = Table::create()
        .table(table())
        .col(ColumnDef::new(Alias::new("job_key")).string().not_null().primary_key())
        .col(ColumnDef::new(Alias::new("instance")).integer().not_null())
        .to_owned();
    db.conn.execute(&create).await?;
    Ok(())
}

pub async fn drop(db: &Db) -> DbResult<()> {
    db.conn
        .execute(&Table::drop().table(table()).if_exists().to_owned())
        .await?;
    Ok(())
}

/// Records that `instance` ran the job `key`; false when some instance already had.
pub async fn record(db: &Db, key: &str, instance: i32) -> DbResult<bool> {
    let insert = Query::insert()
        .into_table(table())
        .columns([Alias::new("job_key"), Alias::new("instance")])
        .values_panic([key.into(), instance.into()])
        .on_conflict(OnConflict::column(Alias::new("job_key")).do_nothing().to_owned())
        .to_owned();
    Ok(db.conn.execute(&insert).await?.rows_affected() == 1)
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

/// How many distinct jobs left their mark.
pub async fn count(db: &Db) -> DbResult<i64> {
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Alias::new("job_key"))), Alias::new("n"))
        .from(table())
        .to_owned();
    let backend = db.conn.get_database_backend();
    let row = Count::find_by_statement(backend.build(&select)).one(&db.conn).await?;
    Ok(row.map_or(0, |r| r.n))
}

/// Creates a scratch database next to the one `admin_url` points at: (its URL, its name).
pub async fn create_database(admin_url: &str) -> DbResult<(String, String)> {
    let name = format!("binome_bench_{}", std::process::id());
    let admin = Db::connect(admin_url).await?;
    admin
        .conn
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await?;
    admin
        .conn
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    admin.close().await?;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok((format!("{base}/{name}"), name))
}

pub async fn drop_database(admin_url: &str, name: &str) -> DbResult<()> {
    let admin = Db::connect(admin_url).await?;
    admin
        .conn
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    admin.close().await
}
