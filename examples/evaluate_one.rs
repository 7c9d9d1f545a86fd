//! Embedding xueshi: load a policy once, evaluate one person record, read the ruling.
//!
//! ```text
//! cargo run --example evaluate_one
//! cargo run --example evaluate_one -- policies/notice-2022.policy annual 2023 record.json
//! ```
// An example may unwrap and index: it shows the API, briefly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use xueshi::messages::Lang;
use xueshi::render::JsonRenderer;

const RECORD: &str = r#"{
  "id": "11010519491231002X",
  "name": "张三",
  "activities": [
    {"kind": "conference", "level": "national", "start": "2023-05-10", "end": "2023-05-12",
     "evidence": ["参会证明"]},
    {"kind": "study", "months": 2.5, "end": "2023-11-30", "evidence": ["结业证"]}
  ]
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let policy_path = args
        .first()
        .map_or("policies/notice-2022.policy", String::as_str);
    let purpose = args.get(1).map_or("annual", String::as_str);
    let year: i32 = args.get(2).map_or(Ok(2023), |y| y.parse())?;
    let record = match args.get(3) {
        Some(path) => std::fs::read_to_string(path)?,
        None => RECORD.to_string(),
    };

    // Parse and check once; the compiled policy evaluates any number of records.
    let policy = xueshi::load_policy(policy_path)?;
    let outcome = xueshi::evaluate_json(&policy, purpose, year, &record)
        .ok_or_else(|| format!("the policy has no purpose `{purpose}`"))?;

    // The ruling is data: status, figures, and the reasons behind them.
    match &outcome.result {
        Ok(evaluated) => {
            let ruling = &evaluated.ruling;
            let purpose_rules = policy.purpose_rules(ruling.purpose);
            println!("status: {}", purpose_rules.status(ruling.status).label);
            for year in &ruling.years {
                println!(
                    "{}: {} hours credited, {} to make up",
                    year.year, year.total, year.shortfall
                );
            }
        }
        Err(errors) => println!("invalid record: {} errors", errors.len()),
    }

    // The same outcome in the output contract's JSON.
    let (purpose_id, _) = policy.purpose(purpose).ok_or("no such purpose")?;
    let renderer = JsonRenderer {
        policy: &policy,
        purpose: purpose_id,
        year,
        lang: Lang::En,
        redact: false,
    };
    let mut json = Vec::new();
    renderer.write_pretty(&outcome, &mut json)?;
    println!("{}", String::from_utf8(json)?);
    Ok(())
}
