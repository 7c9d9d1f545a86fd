//! Whole documents: a JSON file (one person or an array of them) and a TOML file (one
//! person or `[[person]]` tables), each record a tree with its place in the file.

use super::json::{ArrayReader, JsonProblem};
use super::raw::{Content, Locator, Malformed, Position, RawRecord};
use crate::source::SourceFile;
use std::sync::Arc;

pub(super) fn json_records(source: &Arc<SourceFile>, file: &Arc<str>) -> Vec<RawRecord> {
    let mut out = Vec::new();
    for (i, item) in ArrayReader::new(source.text()).enumerate() {
        let (content, line) = match item {
            Ok(node) => {
                let line = source.line_of(node.offset);
                (Content::Tree(node.into_owned()), line)
            }
            Err(JsonProblem { problem, offset }) => {
                let at = source.line_col(offset);
                (
                    Content::Malformed(Malformed {
                        problem,
                        at: Some(at),
                    }),
                    at.line,
                )
            }
        };
        out.push(RawRecord {
            position: Position {
                file: file.clone(),
                record: i + 1,
                line: Some(line),
            },
            content,
            locator: Locator::File(source.clone()),
        });
    }
    out
}

pub(super) fn toml_records(source: &Arc<SourceFile>, file: &Arc<str>) -> Vec<RawRecord> {
    match crate::input::toml::read_people(source.text()) {
        Ok(people) => people
            .into_iter()
            .enumerate()
            .map(|(i, node)| RawRecord {
                position: Position {
                    file: file.clone(),
                    record: i + 1,
                    line: Some(source.line_col(node.offset).line),
                },
                content: Content::Tree(node),
                locator: Locator::File(source.clone()),
            })
            .collect(),
        Err(problem) => {
            let at = source.line_col(problem.offset);
            vec![RawRecord {
                position: Position {
                    file: file.clone(),
                    record: 1,
                    line: Some(at.line),
                },
                content: Content::Malformed(Malformed {
                    problem: problem.problem,
                    at: Some(at),
                }),
                locator: Locator::File(source.clone()),
            }]
        }
    }
}
