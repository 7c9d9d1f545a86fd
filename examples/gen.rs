//! Writes synthetic person records for the shipped policy, one JSON object a line, to
//! stdout: realistic kinds, values, evidence and exemptions, with about 0.5% invalid
//! records. The same seed gives the same bytes; memory stays flat however many records.
//!
//! ```text
//! cargo run --release --example gen -- 1000000 [--seed N] > people.jsonl
//! ```
// An example may unwrap and index: it shows the API, briefly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::generator::Generator;
use std::io::Write;

const USAGE: &str = "usage: gen COUNT [--seed N]";

fn main() {
    let mut count: Option<u64> = None;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => fail("--seed needs a whole number"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--csv" => fail("there is no CSV record format yet: only JSONL is written"),
            _ => match arg.replace('_', "").parse() {
                Ok(n) if count.is_none() => count = Some(n),
                _ => fail(&format!("unexpected argument `{arg}`")),
            },
        }
    }
    let Some(count) = count else {
        fail("COUNT is required")
    };
    let mut generator = Generator::new(seed);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::with_capacity(4096);
    for _ in 0..count {
        line.clear();
        generator.record(&mut line);
        if out.write_all(line.as_bytes()).is_err() {
            // A closed pipe (e.g. `| head`): stop quietly.
            return;
        }
    }
    let _ = out.flush();
}

fn fail(message: &str) -> ! {
    eprintln!("gen: {message}\n{USAGE}");
    std::process::exit(2);
}
