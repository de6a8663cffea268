//! Scoped loaders: a person, a binôme or a team's list comes back only when the access rules
//! (`domain::access`) let the reader have it, so that no handler can forget to check. A
//! missing record and a refused one stay apart: the page answers 404 for one, 403 for the other.

use super::pairings::{self, Pairing};
use super::people::{self, Person};
use super::teams::{self, Team};
use super::{Db, DbResult};
use crate::domain::access::{self, Denied, Reader, Teams};

/// Person `id`, if the reader may open their record.
pub async fn visible_person(db: &Db, reader: &Reader<'_>, id: i32) -> DbResult<Result<Person, Denied>> {
    let found = people::by_id(db, id).await?;
    Ok(access::gate(found, |p| {
        access::can_view(reader, p.team_id, p.referent_id)
    }))
}

/// Person `id`, if the reader manages their record (decides, writes notes, exports, erases).
pub async fn managed_person(db: &Db, reader: &Reader<'_>, id: i32) -> DbResult<Result<Person, Denied>> {
    let found = people::by_id(db, id).await?;
    Ok(access::gate(found, |p| access::can_manage(reader, p.team_id)))
}

/// Binôme `id`, if the reader manages it.
pub async fn managed_pairing(db: &Db, reader: &Reader<'_>, id: i32) -> DbResult<Result<Pairing, Denied>> {
    let found = pairings::pairing(db, id).await?;
    Ok(access::gate(found, |p| access::may_manage_pairing(reader, p.team_id)))
}

/// The teams a coordinator or an admin runs (`Reader::teams`), by name.
pub async fn teams(db: &Db, run: Teams<'_>) -> DbResult<Vec<Team>> {
    match run.ids() {
        None => teams::list(db).await,
        Some(ids) => teams::by_ids(db, ids).await,
    }
}
