//! Benchmark fixtures and drivers, kept out of the service's code: the scheduler benchmark
//! (`binome bench-jobs`), its effect table, and the large team the desk is loaded with.

pub mod desk_seed;
pub mod effects;
pub mod jobs;
