//! Benchmark fixtures and drivers, kept out of the service's code: the scheduler benchmark
//! (`binome bench-jobs`), its effect table, the large team the desk is loaded with and the
//! desk under mixed load (`binome bench-desk`), volunteers signing up on one or several
//! instances (`binome bench-signups`), and the
//! small SMSC the SMS tests talk to (`binome test-smsc`).

pub mod desk_clients;
pub mod desk_load;
pub mod desk_seed;
pub mod effects;
pub mod jobs;
pub mod signups;
pub mod smsc;
