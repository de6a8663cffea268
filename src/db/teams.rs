//! Teams (équipes) and their territory.

use super::entities::{staff, staff_team, team, team_area};
use super::{Db, DbResult};
use crate::domain::commune::InseeCode;
use crate::domain::territory::Territory;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const DEPARTEMENT: &str = "departement";
const COMMUNE: &str = "commune";

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i32,
    pub name: String,
    pub territory: Territory,
    /// Days between two check-ins after the first one.
    pub checkin_every_days: i32,
    pub contact: Contact,
    /// Where the team's letters come from (printed at their top), over one or several lines.
    pub postal_address: Option<String>,
}

/// How people reach the team: its phone (digits) and its address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A team's SMS contract with its operator (SMPP 3.4). The password is never shown back nor
/// logged.
#[derive(Clone, Default, PartialEq)]
pub struct Smpp {
    pub host: String,
    pub port: u16,
    pub system_id: String,
    pub password: String,
    /// The sender people see: a number (they can answer) or up to 11 letters and digits.
    pub sender: String,
}

impl std::fmt::Debug for Smpp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smpp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("system_id", &self.system_id)
            .field("sender", &self.sender)
            .finish_non_exhaustive()
    }
}

/// The team's SMS contract, when the administrator set one.
pub async fn smpp(db: &Db, team_id: i32) -> DbResult<Option<Smpp>> {
    let Some(t) = team::Entity::find_by_id(team_id).one(&db.conn).await? else {
        return Ok(None);
    };
    Ok(smpp_of(t))
}

fn smpp_of(t: team::Model) -> Option<Smpp> {
    Some(Smpp {
        host: t.smpp_host?,
        port: u16::try_from(t.smpp_port?).ok()?,
        system_id: t.smpp_system_id?,
        password: t.smpp_password.unwrap_or_default(),
        sender: t.smpp_sender?,
    })
}

/// Every team with an SMS contract: (team id, contract).
pub async fn with_smpp(db: &Db) -> DbResult<Vec<(i32, Smpp)>> {
    let rows = team::Entity::find()
        .filter(team::Column::SmppHost.is_not_null())
        .order_by_asc(team::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().filter_map(|t| Some((t.id, smpp_of(t)?))).collect())
}

/// Sets the team's SMS contract; `password` None keeps the one stored. `None` as a whole
/// removes the contract.
pub async fn set_smpp(db: &Db, id: i32, smpp: Option<&Smpp>, keep_password: bool) -> DbResult<()> {
    use sea_orm::sea_query::Expr;
    let mut update = team::Entity::update_many()
        .col_expr(team::Column::SmppHost, Expr::value(smpp.map(|s| s.host.clone())))
        .col_expr(team::Column::SmppPort, Expr::value(smpp.map(|s| i32::from(s.port))))
        .col_expr(
            team::Column::SmppSystemId,
            Expr::value(smpp.map(|s| s.system_id.clone())),
        )
        .col_expr(team::Column::SmppSender, Expr::value(smpp.map(|s| s.sender.clone())));
    if !keep_password || smpp.is_none() {
        update = update.col_expr(
            team::Column::SmppPassword,
            Expr::value(smpp.map(|s| s.password.clone())),
        );
    }
    update.filter(team::Column::Id.eq(id)).exec(&db.conn).await?;
    Ok(())
}

/// Creates a team with its territory in one transaction.
pub async fn create(db: &Db, name: &str, territory: &Territory, now_ms: i64) -> DbResult<i32> {
    let txn = db.begin_write().await?;
    let row = team::ActiveModel {
        name: Set(name.to_string()),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let areas = territory
        .departements
        .iter()
        .map(|d| (DEPARTEMENT, d.clone()))
        .chain(territory.communes.iter().map(|c| (COMMUNE, c.as_str().to_string())));
    for (kind, code) in areas {
        team_area::ActiveModel {
            team_id: Set(row.id),
            kind: Set(kind.into()),
            code: Set(code),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

fn assemble(t: team::Model, areas: &[team_area::Model]) -> Team {
    let mut territory = Territory::default();
    for a in areas.iter().filter(|a| a.team_id == t.id) {
        match a.kind.as_str() {
            DEPARTEMENT => territory.departements.push(a.code.clone()),
            _ => territory.communes.extend(InseeCode::parse(&a.code)),
        }
    }
    Team {
        id: t.id,
        name: t.name,
        territory,
        checkin_every_days: t.checkin_every_days,
        contact: Contact {
            phone: t.phone,
            email: t.email,
        },
        postal_address: t.postal_address,
    }
}

pub async fn list(db: &Db) -> DbResult<Vec<Team>> {
    let teams = team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(&db.conn)
        .await?;
    let areas = team_area::Entity::find()
        .order_by_asc(team_area::Column::Code)
        .all(&db.conn)
        .await?;
    Ok(teams.into_iter().map(|t| assemble(t, &areas)).collect())
}

pub async fn by_ids(db: &Db, ids: &[i32]) -> DbResult<Vec<Team>> {
    let teams = team::Entity::find()
        .filter(team::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(team::Column::Name)
        .all(&db.conn)
        .await?;
    let areas = team_area::Entity::find()
        .filter(team_area::Column::TeamId.is_in(ids.iter().copied()))
        .order_by_asc(team_area::Column::Code)
        .all(&db.conn)
        .await?;
    Ok(teams.into_iter().map(|t| assemble(t, &areas)).collect())
}

pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<Team>> {
    Ok(by_ids(db, &[id]).await?.pop())
}

/// Sets the days between two check-ins of the team's binômes (from the next one on).
pub async fn set_checkin_every(db: &Db, id: i32, days: i32) -> DbResult<()> {
    team::Entity::update_many()
        .col_expr(team::Column::CheckinEveryDays, sea_orm::sea_query::Expr::value(days))
        .filter(team::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Sets how people reach the team.
pub async fn set_contact(db: &Db, id: i32, contact: &Contact) -> DbResult<()> {
    use sea_orm::sea_query::Expr;
    team::Entity::update_many()
        .col_expr(team::Column::Phone, Expr::value(contact.phone.clone()))
        .col_expr(team::Column::Email, Expr::value(contact.email.clone()))
        .filter(team::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Sets (or clears) the team's postal address, printed at the top of its letters.
pub async fn set_postal_address(db: &Db, id: i32, address: Option<&str>) -> DbResult<()> {
    use sea_orm::sea_query::Expr;
    team::Entity::update_many()
        .col_expr(team::Column::PostalAddress, Expr::value(address.map(str::to_string)))
        .filter(team::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// A team's name, or "" for none.
pub async fn name_of(db: &Db, id: Option<i32>) -> DbResult<String> {
    Ok(match id {
        Some(id) => by_id(db, id).await?.map(|t| t.name).unwrap_or_default(),
        None => String::new(),
    })
}

/// The ids of every staff member of a team, disabled accounts included.
pub async fn staff_ids(db: &Db, team_id: i32) -> DbResult<Vec<i32>> {
    Ok(staff_team::Entity::find()
        .filter(staff_team::Column::TeamId.eq(team_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|l| l.staff_id)
        .collect())
}

/// Names of the staff members of a team who can sign in, by name.
pub async fn member_names(db: &Db, team_id: i32) -> DbResult<Vec<(String, String)>> {
    let ids = staff_ids(db, team_id).await?;
    let rows = staff::Entity::find()
        .filter(staff::Column::Id.is_in(ids))
        .filter(staff::Column::DisabledAt.is_null())
        .order_by_asc(staff::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|s| (s.name, s.role)).collect())
}

/// The ids of the coordinators of a team, by name; a disabled account is told nothing.
pub async fn coordinator_ids(db: &Db, team_id: i32) -> DbResult<Vec<i32>> {
    let ids = staff_ids(db, team_id).await?;
    let rows = staff::Entity::find()
        .filter(staff::Column::Id.is_in(ids))
        .filter(staff::Column::Role.eq(crate::domain::account::Role::Coordinator.code()))
        .filter(staff::Column::DisabledAt.is_null())
        .order_by_asc(staff::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|s| s.id).collect())
}

/// The team whose territory covers a commune (by commune first, then by département).
pub async fn covering(db: &Db, insee_code: &str, departement: &str) -> DbResult<Option<i32>> {
    use sea_orm::Condition;
    // One statement: "commune" sorts before "departement", so a team naming the commune wins.
    const _: () = assert!(COMMUNE.as_bytes()[0] < DEPARTEMENT.as_bytes()[0]);
    let area = team_area::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(team_area::Column::Kind.eq(COMMUNE))
                        .add(team_area::Column::Code.eq(insee_code)),
                )
                .add(
                    Condition::all()
                        .add(team_area::Column::Kind.eq(DEPARTEMENT))
                        .add(team_area::Column::Code.eq(departement)),
                ),
        )
        .order_by_asc(team_area::Column::Kind)
        .order_by_asc(team_area::Column::TeamId)
        .one(&db.conn)
        .await?;
    Ok(area.map(|a| a.team_id))
}

/// The address a reply to an e-mail about this person reaches: their team's, when it has one.
pub async fn reply_address_of_person(db: &Db, person_id: i32) -> DbResult<Option<String>> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    // One statement per e-mail sent, not the person's whole row and then the team's.
    let conn = &db.conn;
    let backend = conn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => "SELECT t.email FROM person p JOIN team t ON t.id = p.team_id WHERE p.id = $1",
        _ => "SELECT t.email FROM person p JOIN team t ON t.id = p.team_id WHERE p.id = ?",
    };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [person_id.into()]))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<Option<String>>(0)?,
        None => None,
    })
}
