//! The coordinator's desk: each list of a team's dashboard, one page at a time, in one
//! statement whatever the team's size (`reading`): the counts of every list, then each list's
//! page, names and places by joins, never one query per row.

mod lists;
mod reading;

pub use lists::{AlertRow, CallRow, Free, NextCheckinRow, PairRow, PersonRow, Place, Supply, calls, next_checkin_of};
pub use reading::{Pages, Reading, read};

use super::entities::{alert, checkin, letter, pairing, person, suggestion, team};
use super::{Db, DbResult};
use crate::domain::pairing::State;
use crate::domain::person::{Kind, Status};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{
    AccessMode, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, FromQueryResult,
    IsolationLevel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;

pub const PAGE_SIZE: u64 = 20;

/// One reading of the desk: every list on one connection, in one read transaction that sees a
/// single state of the data (repeatable read on PostgreSQL; SQLite's read transactions are),
/// so that the counts and the pages agree, and a busy server lends the
/// request one connection, not ten.
pub struct Snapshot {
    txn: DatabaseTransaction,
}

impl Snapshot {
    pub async fn open(db: &Db) -> DbResult<Self> {
        let txn = match db.conn.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.conn
                    .begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly))
                    .await?
            }
            _ => db.conn.begin().await?,
        };
        Ok(Snapshot { txn })
    }

    /// Ends the read (nothing was written).
    pub async fn close(self) -> DbResult<()> {
        Ok(self.txn.commit().await?)
    }
}

/// What every list of the desk is restricted to: one team, and the communes of the filter.
pub struct Scope<'a> {
    pub team_id: i32,
    pub communes: Option<&'a [String]>,
}

/// How long each list of the desk is.
#[derive(Debug, Clone, Copy, Default, PartialEq, FromQueryResult)]
pub struct Counts {
    pub alerts: i64,
    pub calls: i64,
    pub suggestions: i64,
    pub agreements: i64,
    pub sent: i64,
    pub waiting: i64,
    pub under_way: i64,
    pub to_approve: i64,
    /// Letters waiting to be printed (« Courriers à imprimer »).
    pub letters: i64,
}

/// A code (a state, a kind, a role…) or a number fixed by the program, written into the
/// statement as it is rather than sent as a parameter. The desk's statement is planned once
/// per connection for every team and day (`reading`): the planner must see which state or kind
/// each list asks for to know how many rows it gets, and a partial index applies only to a
/// condition written out.
pub(super) fn code(c: &str) -> Expr {
    Expr::Constant(c.into())
}

pub(super) fn number(n: i32) -> Expr {
    Expr::Constant(n.into())
}

pub(crate) fn closed_states() -> Vec<Expr> {
    State::ALL
        .into_iter()
        .filter(|s| s.is_closed())
        .map(|s| code(s.code()))
        .collect()
}

/// Joins the person `b` on `on` (when `always`, or when the desk is filtered by commune; no
/// `on` when `b` is the table read) and keeps the rows whose `b` lives in the filter's communes.
/// The person `b` is asked by a call of the coordinator, not in writing: the SQL form of
/// `domain::reach::Reach::in_writing` (by SMS when she chose it and did not answer STOP; by
/// e-mail when she has an address and did not choose the post). The intake guarantees that
/// SMS comes with a mobile number and the post with an address.
fn asked_by_phone() -> Expr {
    use crate::domain::profile::ContactChannel;
    let by_sms = Expr::col(("b", person::Column::ContactChannel))
        .eq(code(ContactChannel::Sms.code()))
        .and(Expr::col(("b", person::Column::SmsStoppedAt)).is_null());
    let by_email = Expr::col(("b", person::Column::Email))
        .is_not_null()
        .and(Expr::col(("b", person::Column::ContactChannel)).ne(code(ContactChannel::Postal.code())));
    by_sms.or(by_email).not()
}

fn person_b(q: &mut SelectStatement, scope: &Scope, on: Option<Expr>, always: bool) {
    if let Some(on) = on
        && (always || scope.communes.is_some())
    {
        q.join_as(JoinType::InnerJoin, person::Entity, "b", on);
    }
    if let Some(codes) = scope.communes {
        q.and_where(Expr::col(("b", person::Column::Commune)).is_in(codes.iter().cloned()));
    }
}

/// Open alerts of the team; a call task that got no answer only once it comes back (its next
/// try due by `until_ms`).
fn alerts_base(scope: &Scope, until_ms: i64) -> SelectStatement {
    use alert::Column as A;
    let mut q = Query::select();
    q.from_as(alert::Entity, "a")
        .and_where(Expr::col(("a", A::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("a", A::ClosedAt)).is_null())
        .and_where(
            Expr::col(("a", A::CallRetryAt))
                .is_null()
                .or(Expr::col(("a", A::CallRetryAt)).lte(until_ms)),
        );
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("a", A::PersonId))),
        false,
    );
    q
}

/// Check-ins due by `until_ms` that the team answers by phone with the isolated person (no
/// e-mail address), in binômes that are not over; one that got no answer only once it comes
/// back, and no more after the calls that gave up (then an alert says so).
fn calls_base(scope: &Scope, until_ms: i64) -> SelectStatement {
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
        .and_where(Expr::col(("c", C::Role)).eq(code("beneficiary")))
        .and_where(Expr::col(("c", C::AnsweredAt)).is_null())
        .and_where(Expr::col(("c", C::DueAt)).lte(until_ms))
        .and_where(Expr::col(("c", C::CallAttempts)).lt(number(crate::domain::call::MAX_ATTEMPTS)))
        .and_where(
            Expr::col(("c", C::CallRetryAt))
                .is_null()
                .or(Expr::col(("c", C::CallRetryAt)).lte(until_ms)),
        )
        .and_where(asked_by_phone());
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("c", C::PersonId))),
        true,
    );
    q
}

/// Suggestions of the last round waiting for the coordinator's decision.
fn suggestions_base(scope: &Scope, names: bool) -> SelectStatement {
    use suggestion::Column as S;
    let mut q = Query::select();
    q.from_as(suggestion::Entity, "s")
        .and_where(Expr::col(("s", S::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("s", S::Status)).eq(code(crate::domain::pairing::SuggestionStatus::Suggested.code())));
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("s", S::BeneficiaryId))),
        names,
    );
    q
}

/// The team's binômes in one of `states`.
pub(crate) fn pairings_base(scope: &Scope, states: &[State]) -> SelectStatement {
    use pairing::Column as P;
    let mut q = Query::select();
    q.from_as(pairing::Entity, "p")
        .and_where(Expr::col(("p", P::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("p", P::State)).is_in(states.iter().map(|s| code(s.code()))));
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("p", P::BeneficiaryId))),
        false,
    );
    q
}

const SENT: [State; 2] = [State::Proposed, State::Accepted];

/// Proposals sent: with `to_call`, only those the volunteer accepted whose person has no
/// e-mail address (the team calls them for their agreement, today); without, the others.
fn sent_base(scope: &Scope, to_call: bool) -> SelectStatement {
    use pairing::Column as P;
    let mut q = Query::select();
    q.from_as(pairing::Entity, "p")
        .and_where(Expr::col(("p", P::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("p", P::State)).is_in(SENT.iter().map(|s| code(s.code()))));
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("p", P::BeneficiaryId))),
        true,
    );
    let call = Expr::col(("p", P::State))
        .eq(code(State::Accepted.code()))
        .and(asked_by_phone());
    q.and_where(if to_call { call } else { call.not() });
    q
}
const UNDER_WAY: [State; 2] = [State::Active, State::Paused];

/// Isolated people waiting with no binôme under way (not even a proposal sent).
pub(crate) fn waiting_base(scope: &Scope) -> SelectStatement {
    use person::Column as P;
    let mut open = Query::select();
    open.expr(number(1))
        .from_as(pairing::Entity, "o")
        .and_where(Expr::col(("o", pairing::Column::BeneficiaryId)).equals(("b", P::Id)))
        .and_where(Expr::col(("o", pairing::Column::State)).is_not_in(closed_states()));
    let mut q = Query::select();
    q.from_as(person::Entity, "b")
        .and_where(Expr::col(("b", P::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("b", P::Kind)).eq(code(Kind::Beneficiary.code())))
        .and_where(Expr::col(("b", P::Status)).eq(code(Status::Waiting.code())))
        .and_where(Expr::not_exists(open));
    person_b(&mut q, scope, None, false);
    q
}

/// Volunteers who confirmed their address and wait for the team's approval.
fn to_approve_base(scope: &Scope) -> SelectStatement {
    use person::Column as P;
    let mut q = Query::select();
    q.from_as(person::Entity, "b")
        .and_where(Expr::col(("b", P::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("b", P::Kind)).eq(code(Kind::Volunteer.code())))
        .and_where(Expr::col(("b", P::Status)).eq(code(Status::ToValidate.code())));
    person_b(&mut q, scope, None, false);
    q
}

/// The team's letters not printed yet.
fn letters_base(scope: &Scope) -> SelectStatement {
    use letter::Column as L;
    let mut q = Query::select();
    q.from_as(letter::Entity, "l")
        .and_where(Expr::col(("l", L::TeamId)).eq(scope.team_id))
        .and_where(Expr::col(("l", L::PrintedAt)).is_null());
    person_b(
        &mut q,
        scope,
        Some(Expr::col(("b", person::Column::Id)).equals(("l", L::PersonId))),
        false,
    );
    q
}

fn count(mut q: SelectStatement) -> Expr {
    q.expr(Expr::cust("COUNT(*)"));
    q.into()
}

/// The length of every list of the desk, as one row.
pub(crate) fn counts_query(scope: &Scope<'_>, until_ms: i64) -> SelectStatement {
    counts_with(scope, until_ms, count(calls_base(scope, until_ms)))
}

/// The length of every list, the calls counted by `calls` (`reading` counts them from the
/// calls it pages, and adds the pages to this row).
fn counts_with(scope: &Scope<'_>, until_ms: i64, calls: Expr) -> SelectStatement {
    let mut q = Query::select();
    q.expr_as(count(alerts_base(scope, until_ms)), "alerts")
        .expr_as(calls, "calls")
        .expr_as(count(suggestions_base(scope, false)), "suggestions")
        .expr_as(count(sent_base(scope, true)), "agreements")
        .expr_as(count(sent_base(scope, false)), "sent")
        .expr_as(count(waiting_base(scope)), "waiting")
        .expr_as(count(pairings_base(scope, &UNDER_WAY)), "under_way")
        .expr_as(count(to_approve_base(scope)), "to_approve")
        .expr_as(count(letters_base(scope)), "letters");
    q
}

/// The length of every list of the desk, in one query (the call sheet's header).
pub async fn counts(db: &Snapshot, scope: &Scope<'_>, until_ms: i64) -> DbResult<Counts> {
    let row = db.txn.query_one(&counts_query(scope, until_ms)).await?;
    Ok(match row {
        Some(r) => Counts::from_query_result(&r, "")?,
        None => Counts::default(),
    })
}

/// One page of the agreements to ask for by phone (the call sheet's).
pub async fn agreements(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PairRow>> {
    lists::rows(db, &lists::agreements(scope, page)).await
}

/// "First Last" of each of these people, in one query.
pub async fn full_names(db: &Db, ids: &[i32]) -> DbResult<HashMap<i32, String>> {
    let rows: Vec<(i32, String, String)> = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::FirstName, person::Column::LastName])
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect())
}

/// (id, name) of these teams, or of every team, by name.
pub async fn team_names(db: &Db, ids: Option<&[i32]>) -> DbResult<Vec<(i32, String)>> {
    Ok(teams_and_revisions(db, ids)
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// The teams by name, each with its revision (what the desk's cache is keyed on), in one
/// statement: the desk reads both on every request.
pub async fn teams_and_revisions(db: &Db, ids: Option<&[i32]>) -> DbResult<Vec<(i32, String, i64)>> {
    let mut q = team::Entity::find()
        .select_only()
        .columns([team::Column::Id, team::Column::Name])
        .column_as(
            Expr::cust("COALESCE((SELECT value FROM team_revision WHERE team_revision.team_id = team.id), 0)"),
            "revision",
        )
        .order_by_asc(team::Column::Name);
    if let Some(ids) = ids {
        q = q.filter(team::Column::Id.is_in(ids.iter().copied()));
    }
    Ok(q.into_tuple().all(&db.conn).await?)
}

/// The team an alert belongs to.
pub async fn alert_team(db: &Db, alert_id: i32) -> DbResult<Option<i32>> {
    Ok(alert::Entity::find_by_id(alert_id)
        .one(&db.conn)
        .await?
        .map(|a| a.team_id))
}
