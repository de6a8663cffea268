//! sea-orm entities, one per table of the migration history.

pub mod commune;
pub mod login_attempt;
pub mod setting;
pub mod staff;
pub mod staff_team;
pub mod team;
pub mod team_area;
pub mod web_session;
