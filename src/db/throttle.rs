//! Rate limits and sign-in attempts, counted in the database so that they hold across
//! instances. A request first takes its place (a row), then counts: two requests racing each
//! other both see each other, so a burst can never slip past a limit.

use super::entities::{login_attempt, rate_bucket, rate_event};
use super::{Db, DbResult};
use crate::domain::throttle::{
    FREE_FAILURES_PER_ACCOUNT, FREE_FAILURES_PER_IP, KEPT_MS, KNOWN_PLACE_MS, LOGIN_WINDOW_MS, Limit, may_try,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};

/// Takes one place under every limit, or none: true when each had room. Each limit's row of
/// `rate_bucket` is locked while it is counted (in the limits' order, so two requests never
/// wait on each other in a circle), so concurrent requests are admitted one after the other,
/// exactly up to the limit. A refused request leaves nothing behind.
pub async fn take(db: &Db, limits: &[Limit], now_ms: i64) -> DbResult<bool> {
    if limits.is_empty() {
        return Ok(true);
    }
    let txn = db.begin_write().await?;
    for limit in limits {
        if count_with_this_one(&txn, limit, now_ms).await? > limit.max {
            txn.rollback().await?;
            return Ok(false);
        }
    }
    rate_event::Entity::insert_many(limits.iter().map(|limit| rate_event::ActiveModel {
        bucket: Set(limit.bucket.to_string()),
        subject: Set(limit.subject.clone()),
        at: Set(now_ms),
        ..Default::default()
    }))
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Locks the bucket's row ($1 bucket, $2 subject, $3 now, $4 window) and returns how many
/// requests its window holds with this one. The row remembers how many its window held at
/// `counted_at`, the time of its latest request: only the requests that left the window since
/// are counted (a handful), not every one of the window (a global limit holds thousands).
/// When `counted_at` itself left the window, so did every request counted then. A row written
/// before this count existed is counted in full once; a new row has no request yet. A
/// bucket's window never changes (it is the bucket's meaning). One statement, so the lock of a
/// bucket every request shares is held for as few round trips as possible.
const COUNT_WITH_THIS_ONE: &str = "\
    INSERT INTO rate_bucket AS b (bucket, subject, touched_at, used, counted_at) VALUES ($1, $2, $3, 1, $3) \
    ON CONFLICT (bucket, subject) DO UPDATE SET \
        touched_at = excluded.touched_at, \
        used = CASE \
            WHEN b.used IS NULL OR b.counted_at IS NULL THEN 1 + (SELECT COUNT(*) FROM rate_event e \
                WHERE e.bucket = $1 AND e.subject = $2 AND e.at > $3 - $4) \
            WHEN b.counted_at <= $3 - $4 THEN 1 \
            ELSE b.used + 1 - (SELECT COUNT(*) FROM rate_event e \
                WHERE e.bucket = $1 AND e.subject = $2 AND e.at > b.counted_at - $4 AND e.at <= $3 - $4) \
        END, \
        counted_at = CASE WHEN b.counted_at IS NULL OR b.counted_at < $3 THEN $3 ELSE b.counted_at END \
    RETURNING used";

async fn count_with_this_one<C: ConnectionTrait>(conn: &C, limit: &Limit, now_ms: i64) -> DbResult<u64> {
    let backend = conn.get_database_backend();
    // SQLite numbers its parameters `?1`, PostgreSQL `$1`; every request of a bucket is at or
    // before its `counted_at`, whatever the clocks of the instances say.
    let sql = match backend {
        DatabaseBackend::Postgres => COUNT_WITH_THIS_ONE.to_string(),
        _ => COUNT_WITH_THIS_ONE.replace('$', "?"),
    };
    let values = [
        limit.bucket.into(),
        limit.subject.clone().into(),
        now_ms.into(),
        limit.window_ms.into(),
    ];
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("rate_bucket".into()))?;
    let used: i64 = row.try_get_by_index(0)?;
    Ok(u64::try_from(used).unwrap_or(0))
}

/// A sign-in attempt being checked: it counts as a wrong answer until `succeeded` says otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Attempt(i64);

/// Reserves a sign-in attempt for `account` (the address typed, lower-cased) from `ip`, or
/// None when it must wait. Where the account signed in lately, only the wrong answers typed
/// there count, so strangers guessing elsewhere never lock the owner out; elsewhere both the
/// account's and the address's wrong answers count, with a wait that doubles and is capped.
/// The account's and the address's rows are locked while counting, so a burst is checked one
/// try after the other.
pub async fn reserve_login(db: &Db, account: &str, ip: &str, now_ms: i64) -> DbResult<Option<Attempt>> {
    use login_attempt::Column as C;
    let txn = db.begin_write().await?;
    for (bucket, subject) in [("login", account), ("login_ip", ip)] {
        lock(&txn, bucket, subject, now_ms).await?;
    }
    let known_place = login_attempt::Entity::find()
        .filter(C::Account.eq(account))
        .filter(C::Ip.eq(ip))
        .filter(C::Succeeded.eq(true))
        .filter(C::At.gt(now_ms - KNOWN_PLACE_MS))
        .count(&txn)
        .await?
        > 0;
    let keys: Vec<(Option<&str>, Option<&str>, u64)> = if known_place {
        vec![(Some(account), Some(ip), FREE_FAILURES_PER_ACCOUNT)]
    } else {
        vec![
            (Some(account), None, FREE_FAILURES_PER_ACCOUNT),
            (None, Some(ip), FREE_FAILURES_PER_IP),
        ]
    };
    for (account, ip, free) in keys {
        let (failures, last) = failures_since_success(&txn, account, ip, now_ms).await?;
        if !may_try(failures, last, free, now_ms) {
            txn.rollback().await?;
            return Ok(None);
        }
    }
    let mine = login_attempt::ActiveModel {
        account: Set(account.to_string()),
        ip: Set(ip.to_string()),
        at: Set(now_ms),
        succeeded: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .id;
    txn.commit().await?;
    Ok(Some(Attempt(mine)))
}

/// Locks the row of one bucket and subject until the end of the transaction.
async fn lock<C: ConnectionTrait>(conn: &C, bucket: &str, subject: &str, now_ms: i64) -> DbResult<()> {
    rate_bucket::Entity::insert(rate_bucket::ActiveModel {
        bucket: Set(bucket.to_string()),
        subject: Set(subject.to_string()),
        touched_at: Set(now_ms),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([rate_bucket::Column::Bucket, rate_bucket::Column::Subject])
            .update_column(rate_bucket::Column::TouchedAt)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Wrong answers for this account and/or address in the window and after its last success,
/// and when the last one was typed.
async fn failures_since_success<C: ConnectionTrait>(
    conn: &C,
    account: Option<&str>,
    ip: Option<&str>,
    now_ms: i64,
) -> DbResult<(u64, Option<i64>)> {
    use login_attempt::Column as C;
    let scoped = || {
        let mut q = login_attempt::Entity::find();
        if let Some(account) = account {
            q = q.filter(C::Account.eq(account));
        }
        if let Some(ip) = ip {
            q = q.filter(C::Ip.eq(ip));
        }
        q
    };
    let last_success = scoped()
        .filter(C::Succeeded.eq(true))
        .order_by_desc(C::At)
        .one(conn)
        .await?
        .map(|a| a.at);
    let since = last_success.map_or(now_ms - LOGIN_WINDOW_MS, |at| at.max(now_ms - LOGIN_WINDOW_MS));
    let failures = scoped().filter(C::Succeeded.eq(false)).filter(C::At.gte(since));
    let count = failures.clone().count(conn).await?;
    let last = failures.order_by_desc(C::At).limit(1).one(conn).await?.map(|a| a.at);
    Ok((count, last))
}

/// The reserved attempt was right: it no longer counts against anyone, and this place is
/// now known for the account.
pub async fn succeeded(db: &Db, attempt: Attempt) -> DbResult<()> {
    login_attempt::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(attempt.0),
        succeeded: Set(true),
        ..Default::default()
    }
    .update(&db.conn)
    .await?;
    Ok(())
}

/// Forgets what no limit needs any more (run by the daily housekeeping pass): wrong answers
/// and rate rows after a day, successful sign-ins after the "known place" time.
pub async fn purge(db: &Db, now_ms: i64) -> DbResult<u64> {
    use login_attempt::Column as C;
    let failures = login_attempt::Entity::delete_many()
        .filter(C::Succeeded.eq(false))
        .filter(C::At.lt(now_ms - KEPT_MS))
        .exec(&db.conn)
        .await?;
    let successes = login_attempt::Entity::delete_many()
        .filter(C::Succeeded.eq(true))
        .filter(C::At.lt(now_ms - KNOWN_PLACE_MS))
        .exec(&db.conn)
        .await?;
    let rates = rate_event::Entity::delete_many()
        .filter(rate_event::Column::At.lt(now_ms - KEPT_MS))
        .exec(&db.conn)
        .await?;
    rate_bucket::Entity::delete_many()
        .filter(rate_bucket::Column::TouchedAt.lt(now_ms - KEPT_MS))
        .exec(&db.conn)
        .await?;
    Ok(failures.rows_affected + successes.rows_affected + rates.rows_affected)
}
