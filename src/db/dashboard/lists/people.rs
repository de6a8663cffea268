//! The people of the desk: isolated people waiting (and the free volunteers that explain why
//! nobody fits yet), volunteers to approve.

use super::super::super::entities::{pairing, person, suggestion};
use super::super::{PAGE_SIZE, Scope, code, number, to_approve_base, waiting_base};
use super::{Place, offset, with_place};
use crate::domain::person::Kind;
use crate::domain::person::Status;
use sea_orm::sea_query::SelectStatement;
use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, Order, Query};
use sea_orm::{DatabaseBackend, FromQueryResult};
use serde::Deserialize;
use std::collections::HashMap;
#[derive(Debug, Clone, FromQueryResult, Deserialize)]
pub struct PersonRow {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub formats: String,
    pub since: i64,
    /// A suggestion for this person waits for the coordinator's decision.
    #[serde(deserialize_with = "flag")]
    pub suggested: bool,
    #[sea_orm(nested)]
    #[serde(flatten)]
    pub place: Place,
}

/// A truth value as the backend writes it in JSON: `true` (PostgreSQL) or 1 (SQLite).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Int(n) => n != 0,
    })
}

/// Isolated people waiting, the longest wait first.
pub(in crate::db::dashboard) fn waiting(scope: &Scope<'_>, page: u64) -> SelectStatement {
    use person::Column as P;
    let mut ids = waiting_base(scope);
    ids.columns(
        [
            P::Id,
            P::FirstName,
            P::LastName,
            P::Formats,
            P::Commune,
            P::WaitingSince,
        ]
        .map(|c| ("b", c)),
    )
    .expr_as(
        Func::coalesce([Expr::col(("b", P::WaitingSince)), Expr::col(("b", P::CreatedAt))]),
        "since",
    )
    .order_by(("b", P::WaitingSince), Order::Asc)
    .order_by(("b", P::Id), Order::Asc);
    offset(&mut ids, page, PAGE_SIZE);
    let mut proposed = Query::select();
    proposed
        .expr(number(1))
        .from_as(suggestion::Entity, "s")
        .and_where(Expr::col(("s", suggestion::Column::BeneficiaryId)).equals(("b", P::Id)))
        .and_where(
            Expr::col(("s", suggestion::Column::Status))
                .eq(code(crate::domain::pairing::SuggestionStatus::Suggested.code())),
        );
    let mut q = placed(ids, "waiting_since");
    q.expr_as(Expr::exists(proposed), "suggested");
    q
}

/// The page `ids` (people `b`, their commune, `since`, and `order` to sort them by), with the
/// place of each: the communes are read for the page's rows only.
fn placed(ids: SelectStatement, order: &'static str) -> SelectStatement {
    let mut q = Query::select();
    for column in ["id", "first_name", "last_name", "formats", "since"] {
        q.column(("b", column));
    }
    q.from_subquery(ids, "b")
        .order_by(("b", order), Order::Asc)
        .order_by(("b", "id"), Order::Asc);
    with_place(&mut q, "b");
    q
}

/// Volunteers to approve, the oldest application first.
pub(in crate::db::dashboard) fn to_approve(scope: &Scope<'_>, page: u64) -> SelectStatement {
    use person::Column as P;
    let since = Func::coalesce([Expr::col(("b", P::EmailConfirmedAt)), Expr::col(("b", P::CreatedAt))]);
    let mut ids = to_approve_base(scope);
    ids.columns([P::Id, P::FirstName, P::LastName, P::Formats, P::Commune].map(|c| ("b", c)))
        .expr_as(since.clone(), "since")
        .order_by_expr(since.into(), Order::Asc)
        .order_by(("b", P::Id), Order::Asc);
    offset(&mut ids, page, PAGE_SIZE);
    let mut q = placed(ids, "since");
    q.expr_as(Expr::Constant(false.into()), "suggested");
    q
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

/// The team's free volunteers, as one summary text (`commune:radius:phone,…`): hundreds of
/// rows would cost more to carry than to compute. `parse_supply` reads it.
///
/// A volunteer is free while her open binômes (in any team, as the matching round counts
/// them) are fewer than her capacity. On PostgreSQL the open binômes of the team's approved
/// volunteers are counted in one pass and joined: counted again for each volunteer, they were a
/// third of the desk's time at 20,000 people (each subquery run costs the executor more than
/// its index lookup). SQLite runs such a subquery as a plain index lookup, cheaper than the
/// grouped pass it would materialize and index, so it keeps the per-volunteer count.
pub(in crate::db::dashboard) fn supply(backend: DatabaseBackend, team_id: i32) -> SelectStatement {
    use person::Column as P;
    let approved = |q: &mut SelectStatement, alias: &'static str| {
        q.and_where(Expr::col((alias, P::TeamId)).eq(team_id))
            .and_where(Expr::col((alias, P::Kind)).eq(code(Kind::Volunteer.code())))
            .and_where(Expr::col((alias, P::Status)).eq(code(Status::Approved.code())));
    };
    let open = |q: &mut SelectStatement| {
        q.expr_as(Expr::cust("COUNT(*)"), "open")
            .from_as(pairing::Entity, "o")
            .and_where(Expr::col(("o", pairing::Column::State)).is_not_in(super::super::closed_states()));
    };
    let mut q = Query::select();
    q.expr(Expr::cust(
        "string_agg(v.commune || ':' || COALESCE(v.radius_km, 0) || ':' || \
         (CASE WHEN v.formats LIKE '%phone%' THEN 1 ELSE 0 END), ',')",
    ))
    .from_as(person::Entity, "v");
    approved(&mut q, "v");
    let capacity = Func::coalesce([Expr::col(("v", P::Capacity)), number(1)]);
    if backend == DatabaseBackend::Postgres {
        let mut team_volunteers = Query::select();
        team_volunteers.column(("w", P::Id)).from_as(person::Entity, "w");
        approved(&mut team_volunteers, "w");
        let mut load = Query::select();
        open(&mut load);
        load.column(("o", pairing::Column::VolunteerId))
            .and_where(Expr::col(("o", pairing::Column::VolunteerId)).in_subquery(team_volunteers))
            .group_by_col(("o", pairing::Column::VolunteerId));
        q.join_subquery(
            JoinType::LeftJoin,
            load,
            "load",
            Expr::col(("load", pairing::Column::VolunteerId)).equals(("v", P::Id)),
        )
        .and_where(capacity.gt(Func::coalesce([Expr::col(("load", "open")), number(0)])));
    } else {
        let mut load = Query::select();
        open(&mut load);
        load.and_where(Expr::col(("o", pairing::Column::VolunteerId)).equals(("v", P::Id)));
        q.and_where(capacity.gt(load));
    }
    q
}

pub(in crate::db::dashboard) fn parse_supply(free: &str) -> Vec<Supply> {
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
