//! Code shared by the examples, the agreement test and the benchmarks.

#[path = "gen.rs"]
pub mod generator;
pub mod handwritten;
