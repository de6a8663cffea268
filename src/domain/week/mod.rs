//! The coordinator's week: the Monday digest (when it goes, what it says) and the absences
//! during which a colleague receives what would go to a coordinator. Pure: days and instants
//! are given.

pub mod absence;
pub mod digest;
pub mod zone;
