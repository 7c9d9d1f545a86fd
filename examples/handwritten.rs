//! The project's own hand-written evaluator: annual rulings of the shipped policy computed by
//! plain Rust with the notice's rules hard-coded (see `examples/common/handwritten.rs`), a second
//! implementation to check xueshi's rulings against (not the speed yardstick: that is the
//! reference in `../shared/reference/baseline`, which `bench/run.sh` runs).
//!
//! ```text
//! cargo run --release --example handwritten -- --year 2024 --format csv people.jsonl > out.csv
//! ```
//!
//! Reads JSONL (a file, or `-` for stdin) in blocks on one thread, rules each block on every
//! core (rayon, over pieces of lines), and writes the output in input order: CSV with the
//! columns of `xueshi eval --format csv`, or JSONL with the summary fields of
//! `xueshi eval --format jsonl`. Exit status: 0, or 1 when any record is invalid, 2 on a
//! usage or I/O error.
// An example may unwrap and index: it shows the API, briefly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::handwritten::{CSV_HEADER, Format, rule_lines};
use rayon::prelude::*;
use std::io::{Read, Write};

const USAGE: &str = "usage: handwritten --year Y [--format csv|jsonl] [-q] FILE|-";

/// Bytes read at a time (whole lines: a block ends at a line break).
const BLOCK: usize = 4 << 20;
/// Bytes of lines ruled as one task.
const PIECE: usize = 64 << 10;

fn main() {
    let mut year: Option<i32> = None;
    let mut format = Format::Csv;
    let mut path: Option<String> = None;
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--year" => match args.next().and_then(|y| y.parse().ok()) {
                Some(y @ 1..=9999) => year = Some(y),
                _ => fail("--year is a year from 1 to 9999"),
            },
            "--format" => {
                format = match args.next().as_deref() {
                    Some("csv") => Format::Csv,
                    Some("jsonl") => Format::Jsonl,
                    _ => fail("--format is csv or jsonl"),
                }
            }
            "-q" | "--quiet" => quiet = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ if path.is_none() && (arg == "-" || !arg.starts_with('-')) => path = Some(arg),
            _ => fail(&format!("unexpected argument `{arg}`")),
        }
    }
    let Some(year) = year else {
        fail("--year Y is required")
    };
    let Some(path) = path else {
        fail("FILE is required")
    };
    let input: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(&path) {
            Ok(f) => Box::new(f),
            Err(e) => fail(&format!("cannot read `{path}`: {e}")),
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    match run(input, year, format, &mut out) {
        Ok((records, invalid)) => {
            if out.flush().is_err() {
                std::process::exit(2);
            }
            if !quiet {
                eprintln!("{records} records, {invalid} invalid");
            }
            std::process::exit(i32::from(invalid > 0));
        }
        Err(e) => fail(&format!("{e}")),
    }
}

/// Rules every record of `input`, writing to `out`: (records, invalid).
fn run(
    mut input: Box<dyn Read + Send>,
    year: i32,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<(usize, usize)> {
    if format == Format::Csv {
        out.write_all(CSV_HEADER.as_bytes())?;
    }
    let mut records = 0;
    let mut invalid = 0;
    std::thread::scope(|scope| {
        // The reader: blocks of whole lines, each with its pieces and their first lines.
        let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<Block>>(2);
        scope.spawn(move || {
            let mut carry: Vec<u8> = Vec::new();
            let mut line = 1;
            loop {
                let mut buf = std::mem::take(&mut carry);
                let start = buf.len();
                buf.resize(start + BLOCK, 0);
                let mut filled = start;
                let mut eof = false;
                while filled < buf.len() {
                    match input.read(&mut buf[filled..]) {
                        Ok(0) => {
                            eof = true;
                            break;
                        }
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                buf.truncate(filled);
                // Keep the partial last line for the next block.
                if !eof {
                    match buf.iter().rposition(|&b| b == b'\n') {
                        Some(i) => carry = buf.split_off(i + 1),
                        None => continue, // a line longer than a block: read on
                    }
                }
                let block = Block::new(buf, &mut line);
                if tx.send(Ok(block)).is_err() || eof {
                    return;
                }
            }
        });
        for block in rx {
            let block = block?;
            let results: Vec<(Vec<u8>, usize, usize)> = block
                .pieces
                .par_iter()
                .map(|&(from, to, first_line)| {
                    let mut o = Vec::with_capacity((to - from) / 4);
                    let (r, i) =
                        rule_lines(&block.data[from..to], first_line, year, format, &mut o);
                    (o, r, i)
                })
                .collect();
            for (o, r, i) in results {
                out.write_all(&o)?;
                records += r;
                invalid += i;
            }
        }
        Ok((records, invalid))
    })
}

/// A block of whole lines, cut into pieces of about [`PIECE`] bytes: (from, to, number of
/// the first line).
struct Block {
    data: Vec<u8>,
    pieces: Vec<(usize, usize, usize)>,
}

impl Block {
    fn new(data: Vec<u8>, line: &mut usize) -> Block {
        let mut pieces = Vec::with_capacity(data.len() / PIECE + 1);
        let mut from = 0;
        while from < data.len() {
            let mut to = (from + PIECE).min(data.len());
            if to < data.len() {
                to = match data[to..].iter().position(|&b| b == b'\n') {
                    Some(i) => to + i + 1,
                    None => data.len(),
                };
            }
            pieces.push((from, to, *line));
            *line += data[from..to].iter().filter(|&&b| b == b'\n').count();
            from = to;
        }
        Block { data, pieces }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("handwritten: {message}\n{USAGE}");
    std::process::exit(2);
}
