//! One page of each list of the desk. The counts come from `counts`; a page number past the
//! end is the caller's to correct before asking.

use super::super::entities::{alert, checkin, commune, job, pairing, person, suggestion};
use super::super::{Db, DbResult};
use super::{
    PAGE_SIZE, Scope, Snapshot, UNDER_WAY, alerts_base, calls_base, pairings_base, sent_base, suggestions_base,
    to_approve_base, waiting_base,
};
use crate::domain::job::Kind as JobKind;
use crate::domain::person::Kind;
use crate::domain::person::Status;
use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::HashMap;

/// Where a row's person lives, as the communes table names it.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Place {
    pub commune: String,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
}

impl Place {
    /// "Mauriac (15)", or the code when the commune is unknown.
    pub fn label(&self) -> String {
        match (&self.commune_name, &self.departement) {
            (Some(name), Some(dep)) => crate::domain::commune::label(name, dep),
            _ => self.commune.clone(),
        }
    }
}

/// `alias.commune`, with its name and département.
fn with_place(q: &mut SelectStatement, alias: &'static str) {
    q.expr_as(Expr::col((alias, person::Column::Commune)), "commune")
        .expr_as(Expr::col(("cm", commune::Column::Name)), "commune_name")
        .expr_as(Expr::col(("cm", commune::Column::Departement)), "departement")
        .join_as(
            JoinType::LeftJoin,
            commune::Entity,
            "cm",
            Expr::col(("cm", commune::Column::InseeCode)).equals((alias, person::Column::Commune)),
        );
}

/// Joins the person `alias` on `on`, with their id and names as `alias_id`, `alias_first`…
fn with_person(q: &mut SelectStatement, alias: &'static str, on: Expr) {
    q.expr_as(Expr::col((alias, person::Column::Id)), format!("{alias}_id"))
        .expr_as(Expr::col((alias, person::Column::FirstName)), format!("{alias}_first"))
        .expr_as(Expr::col((alias, person::Column::LastName)), format!("{alias}_last"))
        .join_as(JoinType::InnerJoin, person::Entity, alias, on);
}

fn person_id(alias: &'static str) -> Expr {
    Expr::col((alias, person::Column::Id))
}

fn offset(q: &mut SelectStatement, page: u64, per_page: u64) {
    q.limit(per_page).offset((Ord::max(page, 1) - 1) * per_page);
}

async fn rows<R: FromQueryResult>(db: &Snapshot, q: &SelectStatement) -> DbResult<Vec<R>> {
    let rows = db.txn.query_all(q).await?;
    Ok(rows
        .iter()
        .map(|r| R::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AlertRow {
    pub id: i32,
    pub kind: String,
    pub message: String,
    pub created_at: i64,
    pub pairing_id: Option<i32>,
    pub person_id: Option<i32>,
    /// The person's check-in still open at `until_ms`, to answer by phone: (binôme, check-in).
    pub call_pairing: Option<i32>,
    pub call_checkin: Option<i32>,
}

/// Distress first, then call-back requests, silences, undelivered e-mails; oldest first.
pub async fn alerts(db: &Snapshot, scope: &Scope<'_>, until_ms: i64, page: u64) -> DbResult<Vec<AlertRow>> {
    use alert::Column as A;
    let kind = || Expr::col(("a", A::Kind));
    let urgency = Expr::case(kind().eq("distress"), 0)
        .case(kind().eq("call_back"), 1)
        .case(kind().eq("to_tell"), 1)
        .case(kind().eq("no_answer"), 2)
        .finally(3);
    let open_checkin = |column: checkin::Column| {
        let mut q = Query::select();
        q.column(("c", column))
            .from_as(checkin::Entity, "c")
            .and_where(Expr::col(("c", checkin::Column::PersonId)).equals(("a", A::PersonId)))
            .and_where(Expr::col(("c", checkin::Column::AnsweredAt)).is_null())
            .and_where(Expr::col(("c", checkin::Column::DueAt)).lte(until_ms))
            .order_by(("c", checkin::Column::DueAt), Order::Asc)
            .limit(1);
        Expr::from(q)
    };
    let mut q = alerts_base(scope);
    q.columns([A::Id, A::Kind, A::Message, A::CreatedAt, A::PairingId, A::PersonId].map(|c| ("a", c)))
        .expr_as(open_checkin(checkin::Column::PairingId), "call_pairing")
        .expr_as(open_checkin(checkin::Column::Id), "call_checkin")
        .order_by_expr(urgency.into(), Order::Asc)
        .order_by(("a", A::Id), Order::Asc);
    offset(&mut q, page, PAGE_SIZE);
    rows(db, &q).await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CallRow {
    pub checkin_id: i32,
    pub pairing_id: i32,
    pub number: i32,
    pub due_at: i64,
    pub b_id: i32,
    pub b_first: String,
    pub b_last: String,
    pub phone: Option<String>,
    pub v_first: String,
    pub v_last: String,
    #[sea_orm(nested)]
    pub place: Place,
}

/// Today's calls, the oldest due first (`per_page` rows: the printed sheet takes more).
pub async fn calls(
    db: &Snapshot,
    scope: &Scope<'_>,
    until_ms: i64,
    page: u64,
    per_page: u64,
) -> DbResult<Vec<CallRow>> {
    use checkin::Column as C;
    let mut q = calls_base(scope, until_ms);
    q.expr_as(Expr::col(("c", C::Id)), "checkin_id")
        .expr_as(Expr::col(("c", C::PairingId)), "pairing_id")
        .expr_as(Expr::col(("c", C::Number)), "number")
        .expr_as(Expr::col(("c", C::DueAt)), "due_at")
        .expr_as(person_id("b"), "b_id")
        .expr_as(Expr::col(("b", person::Column::FirstName)), "b_first")
        .expr_as(Expr::col(("b", person::Column::LastName)), "b_last")
        .expr_as(Expr::col(("b", person::Column::Phone)), "phone")
        .expr_as(Expr::col(("v", person::Column::FirstName)), "v_first")
        .expr_as(Expr::col(("v", person::Column::LastName)), "v_last")
        .join_as(
            JoinType::InnerJoin,
            person::Entity,
            "v",
            person_id("v").equals(("p", pairing::Column::VolunteerId)),
        )
        .order_by(("c", C::DueAt), Order::Asc)
        .order_by(("c", C::Id), Order::Asc);
    with_place(&mut q, "b");
    offset(&mut q, page, per_page);
    rows(db, &q).await
}

/// Two people and where the first lives: a suggestion, a proposal sent, a binôme.
#[derive(Debug, Clone, FromQueryResult)]
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
    pub place: Place,
    #[sea_orm(nested)]
    pub next: NextCheckinRow,
    /// Binômes under way: the worst mood of the latest check-ins due (0 "pas bien", 1
    /// "moyen", 2 "bien"), and when that round fell due.
    pub worst_mood: Option<i32>,
    pub round_due: Option<i64>,
}

/// Suggestions waiting for a decision, best first.
pub async fn suggestions(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PairRow>> {
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
    rows(db, &q).await
}

/// When binôme `p`'s next check-in falls due: the person's check-in of the latest round still
/// unanswered, else the check-in job still scheduled; and how many the person was asked.
#[derive(Debug, Clone, Default, PartialEq, FromQueryResult)]
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
        .and_where(Expr::col(("o", C::Role)).eq("beneficiary"))
        .and_where(Expr::col(("o", C::AnsweredAt)).is_null())
        .and_where(Expr::col(("o", C::Number)).eq(latest_opened()));
    let mut scheduled = Query::select();
    scheduled
        .expr(Expr::col(("j", job::Column::RunAt)).min())
        .from_as(job::Entity, "j")
        .and_where(Expr::col(("j", job::Column::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("j", job::Column::Kind)).eq(JobKind::CheckinDue.code()))
        .and_where(Expr::col(("j", job::Column::Status)).eq("pending"));
    let mut asked = Query::select();
    asked
        .expr(Expr::cust("COUNT(*)"))
        .from_as(checkin::Entity, "k")
        .and_where(Expr::col(("k", C::PairingId)).equals(("p", pairing::Column::Id)))
        .and_where(Expr::col(("k", C::Role)).eq("beneficiary"));
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
async fn pairings(
    db: &Snapshot,
    mut ids: SelectStatement,
    order: pairing::Column,
    now_ms: Option<i64>,
    page: u64,
) -> DbResult<Vec<PairRow>> {
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
            let mood = Expr::case(Expr::col(("l", C::Mood)).eq("pas_bien"), 0)
                .case(Expr::col(("l", C::Mood)).eq("moyen"), 1)
                .finally(2);
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
    rows(db, &q).await
}

/// Proposals sent and not answered yet (but those the team calls for), the longest waiting first.
pub async fn sent(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PairRow>> {
    pairings(db, sent_base(scope, false), pairing::Column::UpdatedAt, None, page).await
}

/// Proposals a volunteer accepted whose person has no e-mail: the team calls the person for
/// their agreement. The longest waiting first.
pub async fn agreements(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PairRow>> {
    pairings(db, sent_base(scope, true), pairing::Column::UpdatedAt, None, page).await
}

/// Binômes under way, the oldest first, with their latest and next check-ins.
pub async fn under_way(db: &Snapshot, scope: &Scope<'_>, now_ms: i64, page: u64) -> DbResult<Vec<PairRow>> {
    let ids = pairings_base(scope, &UNDER_WAY);
    pairings(db, ids, pairing::Column::Id, Some(now_ms), page).await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct PersonRow {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub formats: String,
    pub since: i64,
    /// A suggestion for this person waits for the coordinator's decision.
    pub suggested: bool,
    #[sea_orm(nested)]
    pub place: Place,
}

/// Isolated people waiting, the longest wait first.
pub async fn waiting(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PersonRow>> {
    use person::Column as P;
    let mut proposed = Query::select();
    proposed
        .expr(Expr::val(1))
        .from_as(suggestion::Entity, "s")
        .and_where(Expr::col(("s", suggestion::Column::BeneficiaryId)).equals(("b", P::Id)))
        .and_where(Expr::col(("s", suggestion::Column::Status)).eq(super::super::matching::SUGGESTED));
    let mut q = waiting_base(scope);
    q.columns([P::Id, P::FirstName, P::LastName, P::Formats].map(|c| ("b", c)))
        .expr_as(
            Func::coalesce([Expr::col(("b", P::WaitingSince)), Expr::col(("b", P::CreatedAt))]),
            "since",
        )
        .expr_as(Expr::exists(proposed), "suggested")
        .order_by(("b", P::WaitingSince), Order::Asc)
        .order_by(("b", P::Id), Order::Asc);
    with_place(&mut q, "b");
    offset(&mut q, page, PAGE_SIZE);
    rows(db, &q).await
}

/// Volunteers to approve, the oldest application first.
pub async fn to_approve(db: &Snapshot, scope: &Scope<'_>, page: u64) -> DbResult<Vec<PersonRow>> {
    use person::Column as P;
    let since = Func::coalesce([Expr::col(("b", P::EmailConfirmedAt)), Expr::col(("b", P::CreatedAt))]);
    let mut q = to_approve_base(scope);
    q.columns([P::Id, P::FirstName, P::LastName, P::Formats].map(|c| ("b", c)))
        .expr_as(since.clone(), "since")
        .expr_as(Expr::val(false), "suggested")
        .order_by_expr(since.into(), Order::Asc)
        .order_by(("b", P::Id), Order::Asc);
    with_place(&mut q, "b");
    offset(&mut q, page, PAGE_SIZE);
    rows(db, &q).await
}

/// Approved volunteers of a team with a free place, in one commune.
#[derive(Debug, Clone, PartialEq)]
pub struct Supply {
    pub commune: String,
    pub volunteers: Vec<Free>,
}

/// A volunteer with a free place: how far they go, and whether they accept telephone binômes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Free {
    pub radius_km: i32,
    pub by_phone: bool,
}

/// The team's free volunteers, read as one summary row (`commune:radius:phone,…`): hundreds of
/// rows would cost more to carry than to compute.
pub async fn supply(db: &Snapshot, team_id: i32) -> DbResult<Vec<Supply>> {
    use person::Column as P;
    let mut load = Query::select();
    load.expr(Expr::cust("COUNT(*)"))
        .from_as(pairing::Entity, "o")
        .and_where(Expr::col(("o", pairing::Column::VolunteerId)).equals(("v", P::Id)))
        .and_where(Expr::col(("o", pairing::Column::State)).is_not_in(super::closed_states()));
    let mut q = Query::select();
    q.expr_as(
        Expr::cust(
            "string_agg(v.commune || ':' || COALESCE(v.radius_km, 0) || ':' || \
             (CASE WHEN v.formats LIKE '%phone%' THEN 1 ELSE 0 END), ',')",
        ),
        "free",
    )
    .from_as(person::Entity, "v")
    .and_where(Expr::col(("v", P::TeamId)).eq(team_id))
    .and_where(Expr::col(("v", P::Kind)).eq(Kind::Volunteer.code()))
    .and_where(Expr::col(("v", P::Status)).eq(Status::Approved.code()))
    .and_where(Func::coalesce([Expr::col(("v", P::Capacity)), Expr::val(1)]).gt(load));
    let Some(row) = db.txn.query_one(&q).await? else {
        return Ok(Vec::new());
    };
    let free: Option<String> = row.try_get("", "free")?;
    Ok(parse_supply(free.as_deref().unwrap_or("")))
}

fn parse_supply(free: &str) -> Vec<Supply> {
    let mut by_commune: HashMap<&str, Vec<Free>> = HashMap::new();
    for item in free.split(',') {
        let mut parts = item.split(':');
        let (Some(commune), Some(radius), Some(phone)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        by_commune.entry(commune).or_default().push(Free {
            radius_km: radius.parse().unwrap_or(0),
            by_phone: phone == "1",
        });
    }
    let mut out: Vec<Supply> = by_commune
        .into_iter()
        .map(|(commune, volunteers)| Supply {
            commune: commune.to_string(),
            volunteers,
        })
        .collect();
    out.sort_by(|a, b| a.commune.cmp(&b.commune));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_row_reads_back_as_counts() {
        let s = parse_supply("15265:10:0,15120:20:1,15120:5:0,broken");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].commune, "15120");
        let free = |radius_km, by_phone| Free { radius_km, by_phone };
        assert_eq!(s[0].volunteers, vec![free(20, true), free(5, false)]);
        assert_eq!(s[1].volunteers, vec![free(10, false)]);
        assert!(parse_supply("").is_empty());
    }
}
