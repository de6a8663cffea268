//! The figures of one team for the Monday digest: the desk's own counts (alerts, calls due
//! today, waiting list, volunteers to approve, `dashboard::counts_query`), the binômes without
//! news, the late check-ins and the longest waits — numbers only, no name, no answer.

use crate::db::dashboard::{Counts, Scope, closed_states, counts_query, pairings_base, waiting_base};
use crate::db::entities::{checkin, pairing, person};
use crate::db::{Db, DbResult};
use crate::domain::dates::{day_in_france, end_of_day_ms};
use crate::domain::duration::whole_days_between;
use crate::domain::pairing::State;
use crate::domain::week::digest::{LATE_AFTER_DAYS, LONGEST_SHOWN, NO_NEWS_DAYS, TeamWeek};
use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};

const DAY_MS: i64 = 86_400_000;

#[derive(FromQueryResult)]
struct Extra {
    no_news: i64,
    late: i64,
}

fn count(mut q: SelectStatement) -> Expr {
    q.expr(Expr::cust("COUNT(*)"));
    q.into()
}

/// Active binômes of the team with no answered check-in and no change of state for
/// `NO_NEWS_DAYS` days.
fn no_news(scope: &Scope<'_>, now_ms: i64) -> SelectStatement {
    use checkin::Column as C;
    let since = now_ms - NO_NEWS_DAYS * DAY_MS;
    let mut news = Query::select();
    news.expr(Expr::val(1))
        .from_as(checkin::Entity, "n")
        .and_where(Expr::col(("n", C::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("n", C::AnsweredAt)).gte(since));
    let mut q = pairings_base(scope, &[State::Active]);
    q.and_where(Expr::col(("p", pairing::Column::UpdatedAt)).lt(since))
        .and_where(Expr::not_exists(news));
    q
}

/// Check-ins of the team's binômes still going, unanswered `LATE_AFTER_DAYS` days after they
/// fell due.
fn late(scope: &Scope<'_>, now_ms: i64) -> SelectStatement {
    use checkin::Column as C;
    let mut q = Query::select();
    q.from_as(checkin::Entity, "c")
        .join_as(
            JoinType::InnerJoin,
            pairing::Entity,
            "p",
            Expr::col(("p", pairing::Column::Id)).equals(("c", C::PairingId)),
        )
        .and_where(Expr::col(("p", pairing::Column::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("p", pairing::Column::State)).is_not_in(closed_states()))
        .and_where(Expr::col(("c", C::AnsweredAt)).is_null())
        .and_where(Expr::col(("c", C::DueAt)).lt(now_ms - LATE_AFTER_DAYS * DAY_MS));
    q
}

/// Since when the longest-waiting people of the team wait.
fn longest(scope: &Scope<'_>) -> SelectStatement {
    use person::Column as P;
    let mut q = waiting_base(scope);
    q.expr_as(
        Func::coalesce([Expr::col(("b", P::WaitingSince)), Expr::col(("b", P::CreatedAt))]),
        "since",
    )
    .order_by_expr(
        Func::coalesce([Expr::col(("b", P::WaitingSince)), Expr::col(("b", P::CreatedAt))]).into(),
        Order::Asc,
    )
    .limit(LONGEST_SHOWN as u64);
    q
}

/// What the digest counts of team `team_id` (named `name`) at `now_ms`.
pub async fn team_week(db: &Db, team_id: i32, name: &str, now_ms: i64) -> DbResult<TeamWeek> {
    let scope = Scope {
        team_id,
        communes: None,
    };
    let today_end = end_of_day_ms(day_in_france(now_ms));
    let counts = match db.conn.query_one(&counts_query(&scope, today_end)).await? {
        Some(r) => Counts::from_query_result(&r, "")?,
        None => Counts::default(),
    };
    let mut q = Query::select();
    q.expr_as(count(no_news(&scope, now_ms)), "no_news")
        .expr_as(count(late(&scope, now_ms)), "late");
    let extra = match db.conn.query_one(&q).await? {
        Some(r) => Extra::from_query_result(&r, "")?,
        None => Extra { no_news: 0, late: 0 },
    };
    let mut longest_waits = Vec::new();
    for row in db.conn.query_all(&longest(&scope)).await? {
        let since: i64 = row.try_get("", "since")?;
        longest_waits.push(whole_days_between(since, now_ms));
    }
    Ok(TeamWeek {
        team_id,
        name: name.to_string(),
        alerts: counts.alerts,
        calls: counts.calls,
        no_news: extra.no_news,
        late_checkins: extra.late,
        waiting: counts.waiting,
        longest_waits,
        to_approve: counts.to_approve,
    })
}
