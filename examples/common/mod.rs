//! Code shared by the examples, the agreement test and the benchmarks.

pub mod baseline;
#[path = "gen.rs"]
pub mod generator;
