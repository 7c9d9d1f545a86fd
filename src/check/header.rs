//! The policy header: one `policy` block, its known entries each once, `version` and
//! `effective` present, and the SHA-256 of the policy's text.

use super::Checker;
use super::error::{CheckErrorKind, HeaderProblem, NameKind, RuleKind, TypeName};
use crate::policy::PolicyInfo;
use crate::source::Span;
use crate::syntax::ast::{self, Item, PolicyFile};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

impl Checker<'_> {
    /// The policy header: its name, entries and the digest of the file.
    pub(super) fn header(&mut self, file: &PolicyFile) -> Option<PolicyInfo> {
        let headers: Vec<(&ast::Header, Span)> = file
            .items
            .iter()
            .filter_map(|i| match &i.node {
                Item::Header(h) => Some((h, i.span)),
                _ => None,
            })
            .collect();
        let Some((header, span)) = headers.first().copied() else {
            self.error(
                CheckErrorKind::Header {
                    problem: HeaderProblem::Missing,
                },
                Span::new(0, 0),
            );
            return None;
        };
        for (_, other) in headers.iter().skip(1) {
            self.given_twice(RuleKind::Header, *other, Some(span));
        }
        const KEYS: [&str; 4] = ["title", "version", "effective", "source"];
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut title = None;
        let mut version = None;
        let mut effective = None;
        let mut source_doc = None;
        for entry in &header.entries {
            let key = entry.key.node.as_str();
            let Some(known) = KEYS.iter().copied().find(|k| *k == key) else {
                self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::UnknownEntry {
                            key: key.to_string(),
                            suggestion: crate::suggest::closest(key, KEYS),
                        },
                    },
                    entry.key.span,
                );
                continue;
            };
            let first = seen.get(known).copied();
            if self.defined_twice(NameKind::HeaderEntry, known, entry.key.span, first) {
                continue;
            }
            seen.insert(known, entry.key.span);
            match (known, &entry.value.node) {
                ("effective", ast::HeaderValue::Date(d)) => effective = Some(*d),
                ("effective", _) => self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::WrongValue {
                            key: known.into(),
                            expected: TypeName::Date,
                        },
                    },
                    entry.value.span,
                ),
                (_, ast::HeaderValue::Text(t)) => match known {
                    "title" => title = Some(t.clone()),
                    "version" => version = Some(t.clone()),
                    _ => source_doc = Some(t.clone()),
                },
                (_, ast::HeaderValue::Date(_)) => self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::WrongValue {
                            key: known.into(),
                            expected: TypeName::Text,
                        },
                    },
                    entry.value.span,
                ),
            }
        }
        for (needed, present) in [
            ("version", version.is_some()),
            ("effective", effective.is_some()),
        ] {
            if !present {
                self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::MissingEntry(needed),
                    },
                    header.name.span,
                );
            }
        }
        let digest = Sha256::digest(self.source.text().as_bytes());
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        Some(PolicyInfo {
            name: header.name.node.clone(),
            title,
            version: version?,
            effective: effective?,
            source: source_doc,
            sha256,
        })
    }
}
