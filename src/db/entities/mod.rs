//! sea-orm entities, one per table of the migration history.

pub mod alert;
pub mod charter_version;
pub mod checkin;
pub mod commune;
pub mod consent;
pub mod interest;
pub mod job;
pub mod login_attempt;
pub mod note;
pub mod outbox;
pub mod pair_exclusion;
pub mod pairing;
pub mod pairing_feedback;
pub mod pairing_transition;
pub mod person;
pub mod person_interest;
pub mod person_token;
pub mod setting;
pub mod staff;
pub mod staff_team;
pub mod suggestion;
pub mod team;
pub mod team_area;
pub mod web_session;
