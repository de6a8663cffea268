//! A team's whole desk in one statement: the length of every list, the free volunteers, and
//! one page of each of the eight lists, each page carried as a JSON array in one column. The
//! calls due are searched once (a common table expression), then counted and paged. One
//! statement sees one state of the data on both backends (no transaction to open and close)
//! and costs one round trip. The arrays keep the order of their page's query (the aggregate
//! reads a sorted subquery, which both SQLite and PostgreSQL follow).
//!
//! A page asked past the end of its list (the list got shorter) shows the first page, read
//! again alone: one more statement, only then.
//!
//! On PostgreSQL the statement is planned once per connection, not at every reading: planning
//! its forty-odd subqueries cost more than running them (8 ms against 6 at 2,000 people), and
//! PostgreSQL plans a prepared statement again for its parameters unless told otherwise. The
//! reading runs on connections set up for it (`Db::desk_reader`: the generic plan, made for
//! rows held in memory, read-only), so no other statement is affected and a reading is one
//! round trip. What varies with the team (the team, the day, the pages, the communes) is a
//! parameter; the states, kinds and roles each list asks for are written into the statement
//! (`super::code`), so that the one plan still knows how many rows each list gets.

use super::lists::{self, AlertRow, CallRow, PairRow, PersonRow, StoredAlertRow, Supply, parse_supply};
use super::{Counts, PAGE_SIZE, Scope, counts_with};
use crate::db::{Db, DbError, DbResult};
use sea_orm::sea_query::{CommonTableExpression, Expr, Query, SelectStatement, WithClause};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, QueryResult, StatementBuilder};
use serde::de::DeserializeOwned;

/// The eight lists, in the order of `Pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Alerts,
    Calls,
    Agreements,
    Suggestions,
    Sent,
    Waiting,
    UnderWay,
    ToApprove,
}

const LISTS: [List; 8] = [
    List::Alerts,
    List::Calls,
    List::Agreements,
    List::Suggestions,
    List::Sent,
    List::Waiting,
    List::UnderWay,
    List::ToApprove,
];

const PLACE: [&str; 3] = ["commune", "commune_name", "departement"];
const ALERT: [&str; 8] = [
    "id",
    "kind",
    "message",
    "created_at",
    "pairing_id",
    "person_id",
    "call_pairing",
    "call_checkin",
];
const CALL: [&str; 12] = [
    "checkin_id",
    "pairing_id",
    "number",
    "due_at",
    "b_id",
    "b_first",
    "b_last",
    "phone",
    "v_first",
    "v_last",
    "attempts",
    "call_when",
];
const PAIR: [&str; 17] = [
    "id",
    "score",
    "state",
    "updated_at",
    "b_id",
    "b_first",
    "b_last",
    "v_id",
    "v_first",
    "v_last",
    "b_email",
    "b_phone",
    "open_due",
    "scheduled",
    "asked",
    "worst_mood",
    "round_due",
];
const PERSON: [&str; 6] = ["id", "first_name", "last_name", "formats", "since", "suggested"];

impl List {
    /// The column of its page (beside the counts, named after the lists).
    fn column(self) -> &'static str {
        match self {
            List::Alerts => "alerts_page",
            List::Calls => "calls_page",
            List::Agreements => "agreements_page",
            List::Suggestions => "suggestions_page",
            List::Sent => "sent_page",
            List::Waiting => "waiting_page",
            List::UnderWay => "under_way_page",
            List::ToApprove => "to_approve_page",
        }
    }

    fn total(self, c: &Counts) -> i64 {
        match self {
            List::Alerts => c.alerts,
            List::Calls => c.calls,
            List::Agreements => c.agreements,
            List::Suggestions => c.suggestions,
            List::Sent => c.sent,
            List::Waiting => c.waiting,
            List::UnderWay => c.under_way,
            List::ToApprove => c.to_approve,
        }
    }

    fn columns(self) -> Vec<&'static str> {
        let (own, place): (&[&str], bool) = match self {
            List::Alerts => (&ALERT, false),
            List::Calls => (&CALL, true),
            List::Waiting | List::ToApprove => (&PERSON, true),
            _ => (&PAIR, true),
        };
        let mut all = own.to_vec();
        if place {
            all.extend(PLACE);
        }
        all
    }

    fn query(self, scope: &Scope<'_>, until_ms: i64, now_ms: i64, page: u64) -> SelectStatement {
        match self {
            List::Alerts => lists::alerts(scope, until_ms, page),
            List::Calls => lists::calls_query(scope, until_ms, page, PAGE_SIZE),
            List::Agreements => lists::agreements(scope, page),
            List::Suggestions => lists::suggestions(scope, page),
            List::Sent => lists::sent(scope, page),
            List::Waiting => lists::waiting(scope, page),
            List::UnderWay => lists::under_way(scope, now_ms, page),
            List::ToApprove => lists::to_approve(scope, page),
        }
    }

    /// The page as one JSON array (text), as a scalar subquery.
    fn page_json(self, backend: DatabaseBackend, q: SelectStatement) -> SelectStatement {
        let pairs: Vec<String> = self
            .columns()
            .into_iter()
            .map(|c| format!("'{c}', \"x\".\"{c}\""))
            .collect();
        let pairs = pairs.join(", ");
        let array = match backend {
            DatabaseBackend::Postgres => format!("CAST(json_agg(json_build_object({pairs})) AS TEXT)"),
            _ => format!("json_group_array(json_object({pairs}))"),
        };
        let mut out = Query::select();
        out.expr(Expr::cust(array)).from_subquery(q, "x");
        out
    }
}

/// The page asked of each list, in the order of the desk: alerts, calls, agreements,
/// suggestions, sent, waiting, binômes under way, volunteers to approve.
pub type Pages = [u64; 8];

/// Everything the desk shows of a team, as read at one instant.
#[derive(Debug, Clone)]
pub struct Reading {
    pub counts: Counts,
    /// The pages actually read (a page past the end is the first).
    pub pages: Pages,
    pub alerts: Vec<AlertRow>,
    pub calls: Vec<CallRow>,
    pub agreements: Vec<PairRow>,
    pub suggestions: Vec<PairRow>,
    pub sent: Vec<PairRow>,
    pub waiting: Vec<PersonRow>,
    pub under_way: Vec<PairRow>,
    pub to_approve: Vec<PersonRow>,
    pub supply: Vec<Supply>,
}

fn array<R: DeserializeOwned>(row: &QueryResult, column: &str) -> DbResult<Vec<R>> {
    let text: Option<String> = row.try_get("", column)?;
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(&t).map_err(|e| DbError::Corrupt(format!("desk, {column}: {e}"))),
    }
}

/// The desk of `scope` with calls due by `until_ms` and binômes' rounds as of `now_ms`.
pub async fn read(db: &Db, scope: &Scope<'_>, until_ms: i64, now_ms: i64, asked: Pages) -> DbResult<Reading> {
    let backend = db.conn.get_database_backend();
    let mut calls = Query::select();
    calls.expr(Expr::cust("COUNT(*)")).from(lists::DUE_CALLS);
    let mut q = counts_with(scope, until_ms, calls.into());
    q.expr_as(Expr::from(lists::supply(backend, scope.team_id)), "free");
    for (list, page) in LISTS.into_iter().zip(asked) {
        let page_q = match list {
            List::Calls => lists::due_calls_page(page.max(1)),
            _ => list.query(scope, until_ms, now_ms, page.max(1)),
        };
        q.expr_as(Expr::from(list.page_json(backend, page_q)), list.column());
    }
    let due_calls = CommonTableExpression::new()
        .query(lists::due_calls(scope, until_ms))
        .table_name(lists::DUE_CALLS)
        .to_owned();
    let q = q.with(WithClause::new().cte(due_calls).to_owned());
    let Some(row) = query_one(db, &q).await? else {
        return Err(DbError::Corrupt("desk: no row".into()));
    };
    let counts = Counts::from_query_result(&row, "")?;
    let free: Option<String> = row.try_get("", "free")?;
    let mut reading = Reading {
        counts,
        pages: asked.map(|p| p.max(1)),
        alerts: stored_alerts(array(&row, "alerts_page")?)?,
        calls: array(&row, "calls_page")?,
        agreements: array(&row, "agreements_page")?,
        suggestions: array(&row, "suggestions_page")?,
        sent: array(&row, "sent_page")?,
        waiting: array(&row, "waiting_page")?,
        under_way: array(&row, "under_way_page")?,
        to_approve: array(&row, "to_approve_page")?,
        supply: parse_supply(free.as_deref().unwrap_or("")),
    };
    for (i, list) in LISTS.into_iter().enumerate() {
        let pages = u64::try_from(list.total(&counts))
            .unwrap_or(0)
            .div_ceil(PAGE_SIZE)
            .max(1);
        if reading.pages[i] > pages {
            reading.pages[i] = 1;
            reading.reread(db, scope, until_ms, now_ms, list).await?;
        }
    }
    Ok(reading)
}

/// Runs one statement of the desk, on PostgreSQL on the connections kept for it (`Db::desk_reader`).
async fn query_one<S: StatementBuilder + Sync>(db: &Db, q: &S) -> DbResult<Option<QueryResult>> {
    Ok(db.desk_reader().query_one(q).await?)
}

fn stored_alerts(rows: Vec<StoredAlertRow>) -> DbResult<Vec<AlertRow>> {
    rows.into_iter().map(AlertRow::try_from).collect()
}

impl Reading {
    /// Reads the first page of `list` again, alone.
    async fn reread(&mut self, db: &Db, scope: &Scope<'_>, until_ms: i64, now_ms: i64, list: List) -> DbResult<()> {
        let backend = db.conn.get_database_backend();
        let mut q = Query::select();
        q.expr_as(
            Expr::from(list.page_json(backend, list.query(scope, until_ms, now_ms, 1))),
            "page",
        );
        let Some(row) = query_one(db, &q).await? else {
            return Ok(());
        };
        match list {
            List::Alerts => self.alerts = stored_alerts(array(&row, "page")?)?,
            List::Calls => self.calls = array(&row, "page")?,
            List::Agreements => self.agreements = array(&row, "page")?,
            List::Suggestions => self.suggestions = array(&row, "page")?,
            List::Sent => self.sent = array(&row, "page")?,
            List::Waiting => self.waiting = array(&row, "page")?,
            List::UnderWay => self.under_way = array(&row, "page")?,
            List::ToApprove => self.to_approve = array(&row, "page")?,
        }
        Ok(())
    }
}
