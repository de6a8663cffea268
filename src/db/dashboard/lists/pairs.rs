//! The pairs of the desk: suggestions to decide, proposals sent, agreements to ask for by
//! phone, binômes under way with their next check-in.

use super::super::super::entities::{checkin, job, pairing, person, suggestion};
use super::super::super::{Db, DbResult};
use super::super::{PAGE_SIZE, Scope, UNDER_WAY, code, number, pairings_base, sent_base, suggestions_base};
use super::{Place, offset, person_id, with_person, with_place};
use crate::domain::job::Kind as JobKind;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Deserialize;

/// Two people and where the first lives: a suggestion, a proposal sent, a binôme.
#[derive(Debug, Clone, FromQueryResult, Deserialize)]
pub struct PairRow {
    pub id: i64,
    pub score: f64,
    pub state: String,
    pub updated_at: i64,
    pub b_id: i32,
    pub b_first: String,
    pub b_last: String,
    pub v_id: i32,
    pub v_first: String,
    pub v_last: String,
    /// The person's contact: e-mail address and phone number.
    pub b_email: Option<String>,
    pub b_phone: Option<String>,
    #[sea_orm(nested)]
    #[serde(flatten)]
    pub place: Place,
    #[sea_orm(nested)]
    #[serde(flatten)]
    pub next: NextCheckinRow,
    /// Binômes under way: the worst mood of the latest check-ins due (0 "pas bien", 1
    /// "moyen", 2 "bien"), and when that round fell due.
    pub worst_mood: Option<i32>,
    pub round_due: Option<i64>,
}

/// Suggestions waiting for a decision, best first.
pub(in crate::db::dashboard) fn suggestions(scope: &Scope<'_>, page: u64) -> SelectStatement {
    use suggestion::Column as S;
    let mut q = suggestions_base(scope, true);
    q.expr_as(Expr::col(("s", S::Id)), "id")
        .expr_as(Expr::col(("s", S::Score)), "score")
        .expr_as(Expr::col(("s", S::Status)), "state")
        .expr_as(Expr::col(("s", S::CreatedAt)), "updated_at")
        .expr_as(person_id("b"), "b_id")
        .expr_as(Expr::col(("b", person::Column::FirstName)), "b_first")
        .expr_as(Expr::col(("b", person::Column::LastName)), "b_last")
        .expr_as(Expr::col(("b", person::Column::Email)), "b_email")
        .expr_as(Expr::col(("b", person::Column::Phone)), "b_phone")
        .expr_as(Expr::cust("NULL"), "worst_mood")
        .expr_as(Expr::cust("NULL"), "round_due")
        .order_by(("s", S::Score), Order::Desc)
        .order_by(("s", S::Id), Order::Asc);
    with_person(&mut q, "v", person_id("v").equals(("s", S::VolunteerId)));
    with_place(&mut q, "b");
    no_next_checkin(&mut q);
    offset(&mut q, page, PAGE_SIZE);
    q
}

/// When binôme `p`'s next check-in falls due: the person's check-in of the latest round still
/// unanswered, else the check-in job still scheduled; and how many the person was asked.
#[derive(Debug, Clone, Default, PartialEq, FromQueryResult, Deserialize)]
pub struct NextCheckinRow {
    pub open_due: Option<i64>,
    pub scheduled: Option<i64>,
    pub asked: Option<i64>,
}

/// The number of binôme `p`'s latest check-in opened (an earlier one left unanswered is not
/// the next one any more).
fn latest_opened() -> Expr {
    let mut q = Query::select();
    q.expr(Expr::col(("n", checkin::Column::Number)).max())
        .from_as(checkin::Entity, "n")
        .and_where(Expr::col(("n", checkin::Column::PairingId)).equals(("p", pairing::Column::Id)));
    q.into()
}

/// Adds the columns of `NextCheckinRow` for the binôme `p`.
fn next_checkin(q: &mut SelectStatement) {
    use checkin::Column as C;
    let mut open = Query::select();
    open.expr(Expr::col(("o", C::DueAt)).min())
        .from_as(checkin::Entity, "o")
        .and_where(Expr::col(("o", C::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("o", C::Role)).eq(code("beneficiary")))
        .and_where(Expr::col(("o", C::AnsweredAt)).is_null())
        .and_where(Expr::col(("o", C::Number)).eq(latest_opened()));
    let mut scheduled = Query::select();
    scheduled
        .expr(Expr::col(("j", job::Column::RunAt)).min())
        .from_as(job::Entity, "j")
        .and_where(Expr::col(("j", job::Column::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("j", job::Column::Kind)).eq(code(JobKind::CheckinDue.code())))
        .and_where(Expr::col(("j", job::Column::Status)).eq(code("pending")));
    let mut asked = Query::select();
    asked
        .expr(Expr::cust("COUNT(*)"))
        .from_as(checkin::Entity, "k")
        .and_where(Expr::col(("k", C::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("k", C::Role)).eq(code("beneficiary")));
    q.expr_as(Expr::from(open), "open_due")
        .expr_as(Expr::from(scheduled), "scheduled")
        .expr_as(Expr::from(asked), "asked");
}

fn no_next_checkin(q: &mut SelectStatement) {
    for column in ["open_due", "scheduled", "asked"] {
        q.expr_as(Expr::cust("NULL"), column);
    }
}

/// The next check-in of one binôme, for its page.
pub async fn next_checkin_of(db: &Db, pairing_id: i32) -> DbResult<NextCheckinRow> {
    let mut q = Query::select();
    q.from_as(pairing::Entity, "p")
        .and_where(Expr::col(("p", pairing::Column::Id)).eq(pairing_id));
    next_checkin(&mut q);
    let row = db.conn.query_one(&q).await?;
    Ok(match row {
        Some(r) => NextCheckinRow::from_query_result(&r, "")?,
        None => NextCheckinRow::default(),
    })
}

/// The latest check-in round due by `now_ms` of binôme `p`, as a subquery.
fn latest_round(alias: &'static str, now_ms: i64) -> Expr {
    let mut q = Query::select();
    q.expr(Expr::col((alias, checkin::Column::Number)).max())
        .from_as(checkin::Entity, alias)
        .and_where(Expr::col((alias, checkin::Column::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col((alias, checkin::Column::DueAt)).lte(now_ms));
    q.into()
}

/// A page of the team's binômes that `ids` selects: the page's ids first, then names and
/// check-ins for those rows only.
fn pairings(mut ids: SelectStatement, order: pairing::Column, now_ms: Option<i64>, page: u64) -> SelectStatement {
    use pairing::Column as P;
    ids.columns(
        [
            P::Id,
            P::State,
            P::Score,
            P::UpdatedAt,
            P::BeneficiaryId,
            P::VolunteerId,
        ]
        .map(|c| ("p", c)),
    )
    .order_by(("p", order), Order::Asc)
    .order_by(("p", P::Id), Order::Asc);
    offset(&mut ids, page, PAGE_SIZE);
    let mut q = Query::select();
    q.expr_as(Func::cast_as(Expr::col(("p", P::Id)), "BIGINT"), "id")
        .columns([P::Score, P::State, P::UpdatedAt].map(|c| ("p", c)))
        .from_subquery(ids, "p")
        .order_by(("p", order), Order::Asc)
        .order_by(("p", P::Id), Order::Asc);
    with_person(&mut q, "b", person_id("b").equals(("p", P::BeneficiaryId)));
    with_person(&mut q, "v", person_id("v").equals(("p", P::VolunteerId)));
    with_place(&mut q, "b");
    q.expr_as(Expr::col(("b", person::Column::Email)), "b_email")
        .expr_as(Expr::col(("b", person::Column::Phone)), "b_phone");
    match now_ms {
        Some(now_ms) => {
            use checkin::Column as C;
            let mood = Expr::case(Expr::col(("l", C::Mood)).eq(code("pas_bien")), number(0))
                .case(Expr::col(("l", C::Mood)).eq(code("moyen")), number(1))
                .finally(number(2));
            let mut worst = Query::select();
            worst
                .expr(Func::min(Expr::Case(Box::new(mood))))
                .from_as(checkin::Entity, "l")
                .and_where(Expr::col(("l", C::PairingId)).equals(("p", P::Id)))
                .and_where(Expr::col(("l", C::AnsweredAt)).is_not_null())
                .and_where(Expr::col(("l", C::Number)).eq(latest_round("r", now_ms)));
            let mut due = Query::select();
            due.expr(Expr::col(("d", C::DueAt)).min())
                .from_as(checkin::Entity, "d")
                .and_where(Expr::col(("d", C::PairingId)).equals(("p", P::Id)))
                .and_where(Expr::col(("d", C::Number)).eq(latest_round("e", now_ms)));
            q.expr_as(Expr::from(worst), "worst_mood")
                .expr_as(Expr::from(due), "round_due");
            next_checkin(&mut q);
        }
        None => {
            q.expr_as(Expr::cust("NULL"), "worst_mood")
                .expr_as(Expr::cust("NULL"), "round_due");
            no_next_checkin(&mut q);
        }
    }
    q
}

/// Proposals sent and not answered yet (but those the team calls for), the longest waiting first.
pub(in crate::db::dashboard) fn sent(scope: &Scope<'_>, page: u64) -> SelectStatement {
    pairings(sent_base(scope, false), pairing::Column::UpdatedAt, None, page)
}

/// Proposals a volunteer accepted whose person has no e-mail: the team calls the person for
/// their agreement. The longest waiting first.
pub(in crate::db::dashboard) fn agreements(scope: &Scope<'_>, page: u64) -> SelectStatement {
    pairings(sent_base(scope, true), pairing::Column::UpdatedAt, None, page)
}

/// Binômes under way, the oldest first, with their latest and next check-ins.
pub(in crate::db::dashboard) fn under_way(scope: &Scope<'_>, now_ms: i64, page: u64) -> SelectStatement {
    pairings(
        pairings_base(scope, &UNDER_WAY),
        pairing::Column::Id,
        Some(now_ms),
        page,
    )
}
