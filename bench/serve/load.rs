//! A small load client for `xueshi serve`: C threads, each with a keep-alive connection,
//! post the same body to `/v1/eval` for S seconds; then requests/s, records/s, and the p50
//! and p99 latency. `bench/serve/run.sh` runs it for 1-record and 1,000-record requests.
//!
//! ```sh
//! cargo run --release --example serve_load -- --url 'http://127.0.0.1:8080/v1/eval?purpose=annual&year=2023' \
//!     --records people.jsonl --per-request 1000 --concurrency 4 --seconds 10
//! ```

// A benchmark may unwrap and index: a failure ends it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

struct Options {
    url: String,
    records: String,
    per_request: usize,
    concurrency: usize,
    seconds: u64,
}

fn options() -> Options {
    let mut o = Options {
        url: String::new(),
        records: String::new(),
        per_request: 1,
        concurrency: 4,
        seconds: 10,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("a value after each option");
        match a.as_str() {
            "--url" => o.url = value(),
            "--records" => o.records = value(),
            "--per-request" => o.per_request = value().parse().expect("a number"),
            "--concurrency" => o.concurrency = value().parse().expect("a number"),
            "--seconds" => o.seconds = value().parse().expect("a number"),
            other => panic!("unknown option `{other}`"),
        }
    }
    assert!(
        !o.url.is_empty() && !o.records.is_empty(),
        "--url and --records are needed"
    );
    o
}

fn main() {
    let o = options();
    let text = std::fs::read_to_string(&o.records).expect("the records file");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut body = String::new();
    for i in 0..o.per_request {
        body.push_str(lines[i % lines.len()]);
        body.push('\n');
    }
    let until = Instant::now() + Duration::from_secs(o.seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..o.concurrency)
        .map(|_| {
            let body = body.clone();
            let url = o.url.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::new_with_config(
                    ureq::config::Config::builder()
                        .http_status_as_error(false)
                        .build(),
                );
                let mut latencies = Vec::new();
                let mut failures = 0usize;
                while Instant::now() < until {
                    let t = Instant::now();
                    let response = agent
                        .post(&url)
                        .header("Content-Type", "application/x-ndjson")
                        .header("Accept", "application/x-ndjson")
                        .send(body.as_bytes());
                    match response {
                        Ok(mut r) if r.status() == 200 => {
                            let out = r
                                .body_mut()
                                .with_config()
                                .limit(1 << 30)
                                .read_to_vec()
                                .unwrap();
                            assert!(!out.is_empty());
                            latencies.push(t.elapsed());
                        }
                        _ => failures += 1,
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for t in threads {
        let (l, f) = t.join().unwrap();
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pick = |q: f64| {
        let i = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let n = latencies.len();
    println!(
        "{} records/request, {} connections: {n} requests in {elapsed:.1} s, {:.0} requests/s, {:.0} records/s, p50 {:.2} ms, p99 {:.2} ms, {failures} failed",
        o.per_request,
        o.concurrency,
        n as f64 / elapsed,
        (n * o.per_request) as f64 / elapsed,
        pick(0.50),
        pick(0.99),
    );
}
