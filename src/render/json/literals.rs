//! The policy's texts that every JSON object repeats (names, rules, formulas, clauses, the
//! policy's identity), escaped once per stream as JSON string literals.

use super::JsonRenderer;
use super::escape::write_string;
use super::writer::{Key, key};
use crate::policy::{Cite, FieldType, KindId};
use crate::render::formula::{Filler, UnitNames};
use crate::render::localized;

/// JSON string literals (quoted and escaped, or `null` for a text the policy does not give).
pub(super) type Literal = Box<str>;

/// The literal of an optional text.
fn optional_literal(text: Option<&str>) -> Literal {
    text.map_or_else(|| "null".into(), string_literal)
}

/// The literal of a text.
fn string_literal(text: &str) -> Literal {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_string(&mut out, text);
    // Escaping keeps UTF-8 valid.
    String::from_utf8(out).unwrap_or_default().into_boxed_str()
}

/// The clause a citation gives, as a literal.
fn clause_literal(cite: Option<&Cite>) -> Literal {
    optional_literal(cite.map(|c| c.clause.as_str()))
}

/// Entries of an object whose keys and values are all known from the policy: written one
/// by one when indented, in one piece made once when compact.
#[derive(Debug)]
pub(super) struct FixedEntries {
    /// The keys and values.
    pub(super) entries: Vec<(Key, Literal)>,
    /// The compact text of all of them: `"key":value,"key":value`.
    pub(super) compact: Box<str>,
}

impl FixedEntries {
    /// The entries, and their compact text.
    pub(super) fn new(entries: Vec<(Key, Literal)>) -> Self {
        let compact = entries
            .iter()
            .map(|(key, value)| format!("{}{value}", key.first))
            .collect::<Vec<_>>()
            .join(",");
        FixedEntries {
            entries,
            compact: compact.into_boxed_str(),
        }
    }
}

/// The literals of a purpose's status.
#[derive(Debug)]
pub(super) struct StatusLiterals {
    /// Its label.
    pub(super) label: Literal,
    /// The entries of `decided_by`: the rule and its clause.
    pub(super) decided_by: FixedEntries,
}

/// The literals of an activity kind.
#[derive(Debug)]
pub(super) struct KindLiterals {
    /// Its name.
    pub(super) name: Literal,
    /// The credit's clause, rule and formula.
    pub(super) credit: FixedEntries,
    /// Each cap's rule and clause.
    pub(super) caps: Vec<FixedEntries>,
    /// The text of each evidence rule.
    pub(super) evidence_rules: Vec<Literal>,
    /// The text of each rejection rule.
    pub(super) rejection_rules: Vec<Literal>,
}

/// The literals of the exemption rules.
#[derive(Debug)]
pub(super) struct ExemptionLiterals {
    /// The names of an exemption's fields, as keys.
    pub(super) fields: Vec<Literal>,
    /// For each rejection, its reason (in the renderer's language) and clause.
    pub(super) rejections: Vec<(Literal, Literal)>,
    /// The clause of the exemption rules.
    pub(super) clause: Literal,
}

/// Everything [`PreparedJson`] prepares from the policy.
#[derive(Debug)]
pub(super) struct Literals {
    /// The purpose's name.
    pub(super) purpose: Literal,
    /// The purpose's statuses.
    pub(super) statuses: Vec<StatusLiterals>,
    /// The names of the year's figures, as keys.
    pub(super) figures: Vec<Literal>,
    /// The activity kinds.
    pub(super) kinds: Vec<KindLiterals>,
    /// The names of the categories.
    pub(super) categories: Vec<Literal>,
    /// For each category with a yearly cap, the cap's `rule` and `clause` entries.
    pub(super) category_caps: Vec<Option<FixedEntries>>,
    /// Each requirement's rule, and its clause.
    pub(super) requirements: Vec<(Literal, Literal)>,
    /// The exemption rules, when the policy has them.
    pub(super) exemption: Option<ExemptionLiterals>,
    /// The entries of `policy`: name, version, digest.
    pub(super) policy: FixedEntries,
    /// The slot of the person's `id`, when the policy has one.
    pub(super) id_slot: Option<usize>,
    /// Whether the `id` is a resident ID.
    pub(super) id_is_resident: bool,
    /// The slot of the person's `name`, when the policy has one.
    pub(super) name_slot: Option<usize>,
    /// The names of the units the credit formulas show.
    pub(super) units: UnitNames,
    /// The key of a credited amount ([`crate::policy::Policy::credit_key`]: `hours`,
    /// `credits`).
    pub(super) amount: Literal,
    /// The key of a rejected activity's amount: `hours_if_accepted`, `credits_if_accepted`.
    pub(super) amount_if_accepted: Literal,
}

impl Literals {
    /// The literals of the status rule with index `index` (a ruling's `status`).
    #[inline]
    #[allow(clippy::indexing_slicing)] // one for each of the purpose's status rules
    pub(super) fn status(&self, index: usize) -> &StatusLiterals {
        &self.statuses[index]
    }

    /// The literals of the kind `id`.
    #[inline]
    #[allow(clippy::indexing_slicing)] // one for each of the policy's kinds
    pub(super) fn kind(&self, id: KindId) -> &KindLiterals {
        &self.kinds[usize::from(id)]
    }

    /// The literals of `renderer`'s policy, purpose and language.
    pub(super) fn new(renderer: &JsonRenderer) -> Self {
        let policy = renderer.policy;
        let slice = |span| policy.source.slice(span);
        let purpose = policy.purpose_rules(renderer.purpose);
        let statuses = purpose
            .statuses
            .iter()
            .map(|status| StatusLiterals {
                label: string_literal(&status.label),
                decided_by: FixedEntries::new(vec![
                    (key!("rule"), string_literal(slice(status.origin.span))),
                    (
                        key!("clause"),
                        clause_literal(
                            status.origin.cite.as_ref().or(purpose.origin.cite.as_ref()),
                        ),
                    ),
                ]),
            })
            .collect();
        let kinds = policy
            .kinds
            .iter()
            .map(|kind| KindLiterals {
                name: string_literal(&kind.name),
                credit: FixedEntries::new(vec![
                    (
                        key!("clause"),
                        clause_literal(kind.credit.origin.cite.as_ref()),
                    ),
                    (key!("rule"), string_literal(slice(kind.credit.origin.span))),
                    (
                        key!("formula"),
                        string_literal(slice(kind.credit.expr.span)),
                    ),
                ]),
                caps: kind
                    .caps
                    .iter()
                    .map(|cap| {
                        FixedEntries::new(vec![
                            (key!("rule"), string_literal(slice(cap.expr.span))),
                            (key!("clause"), clause_literal(cap.origin.cite.as_ref())),
                        ])
                    })
                    .collect(),
                evidence_rules: kind
                    .evidence
                    .iter()
                    .map(|rule| string_literal(slice(rule.origin.span)))
                    .collect(),
                rejection_rules: kind
                    .rejections
                    .iter()
                    .map(|rejection| string_literal(slice(rejection.rule.origin.span)))
                    .collect(),
            })
            .collect();
        let requirements = policy
            .year
            .requirements
            .iter()
            .map(|rule| {
                (
                    string_literal(slice(rule.origin.span).trim_start_matches("require").trim()),
                    clause_literal(rule.origin.cite.as_ref()),
                )
            })
            .collect();
        let exemption = policy.exemption.as_ref().map(|rules| ExemptionLiterals {
            fields: rules
                .schema
                .fields
                .iter()
                .map(|field| string_literal(&field.name))
                .collect(),
            rejections: rules
                .rejections
                .iter()
                .map(|rejection| {
                    (
                        string_literal(localized(&rejection.reason, renderer.lang)),
                        clause_literal(rejection.rule.origin.cite.as_ref()),
                    )
                })
                .collect(),
            clause: clause_literal(rules.origin.cite.as_ref()),
        });
        let person = &policy.person;
        let id_slot = person.slots.get(person.id_key()).map(|s| usize::from(*s));
        Literals {
            purpose: string_literal(&purpose.name),
            statuses,
            amount: string_literal(policy.credit_key()),
            amount_if_accepted: string_literal(&format!("{}_if_accepted", policy.credit_key())),
            figures: policy
                .year
                .figures
                .iter()
                .map(|figure| string_literal(&figure.name))
                .collect(),
            kinds,
            categories: policy
                .categories
                .iter()
                .map(|category| string_literal(&category.name))
                .collect(),
            category_caps: policy
                .categories
                .iter()
                .map(|category| {
                    category.cap.as_ref().map(|cap| {
                        FixedEntries::new(vec![
                            (key!("rule"), string_literal(slice(cap.rule.expr.span))),
                            (
                                key!("clause"),
                                clause_literal(cap.rule.origin.cite.as_ref()),
                            ),
                        ])
                    })
                })
                .collect(),
            requirements,
            exemption,
            policy: FixedEntries::new(vec![
                (key!("name"), string_literal(&policy.info.name)),
                (key!("version"), string_literal(&policy.info.version)),
                (key!("sha256"), string_literal(&policy.info.sha256)),
            ]),
            id_slot,
            id_is_resident: id_slot
                .and_then(|s| person.fields.get(s))
                .is_some_and(|f| f.ty == FieldType::ResidentId),
            name_slot: person.slots.get(person.name_key()).map(|s| usize::from(*s)),
            units: UnitNames::of_credits(&Filler {
                policy,
                lang: renderer.lang,
            }),
        }
    }
}
