//! The policy's `invalid when` rules, applied to a decoded record: a rule that holds makes
//! the record invalid, with the rule's message at the field it names. They run on every
//! activity and exemption that decoded, even when other parts of the record did not, so
//! that one run reports all it can.

use super::arms::ArmsTaken;
use super::interp::Env;
use crate::input::Locate;
use crate::input::keys::{ACTIVITIES, EXEMPTIONS};
use crate::input::tree::{Node, NodeValue};
use crate::policy::expr::{EvalErrorKind, Value};
use crate::policy::{Constraint, Policy, Schema};
use crate::record::decode::{Decoded, decode_person};
use crate::record::{Person, RecordError, RecordErrorKind};

/// Decodes a record tree and applies the policy's `invalid when` rules: the person, or
/// every error found, in the order of their places in the record. The `match` arms the
/// rules take are recorded in `arms` when given.
pub(crate) fn decode_valid(
    policy: &Policy,
    node: &Node,
    locate: &dyn Locate,
    arms: Option<&ArmsTaken>,
) -> Result<Person, Vec<RecordError>> {
    let (decoded, mut errors) = decode_person(policy, node, locate);
    let Some(decoded) = decoded else {
        return Err(sorted(errors));
    };
    apply_constraints(policy, &decoded, node, locate, arms, &mut errors);
    if decoded.clean && errors.is_empty() {
        Ok(decoded.person)
    } else {
        Err(sorted(errors))
    }
}

fn sorted(mut errors: Vec<RecordError>) -> Vec<RecordError> {
    errors.sort_by_key(|e| e.at.map_or((usize::MAX, 0), |a| (a.line, a.column)));
    errors
}

/// Whether any `invalid when` rule holds (or cannot be evaluated) for a person decoded
/// without error: then the record takes the way that reports every error. The `match`
/// arms the rules take are recorded in `arms` when given.
pub(crate) fn any_constraint_holds(
    policy: &Policy,
    person: &Person,
    arms: Option<&ArmsTaken>,
) -> bool {
    let holds = |constraints: &[Constraint], item: &[Value]| {
        let env = Env::of_item(&person.fields, item, &[], 0).taking(arms);
        constraints
            .iter()
            .any(|c| !matches!(c.rule.expr.eval_bool(&env), Ok(false)))
    };
    let activities_hold = person.activities.iter().any(|a| {
        let kind = policy.kind(a.kind);
        holds(&kind.constraints, &a.fields)
    });
    activities_hold
        || policy.exemption.as_ref().is_some_and(|rules| {
            person
                .exemptions
                .iter()
                .any(|e| holds(&rules.constraints, &e.fields))
        })
}

/// The `invalid when` rules for the activities and exemptions that decoded, their errors
/// appended to `errors`. When the record has other errors (`decoded.clean` is false), a
/// rule that cannot be evaluated for want of a value already reported is passed over.
fn apply_constraints(
    policy: &Policy,
    decoded: &Decoded,
    record: &Node,
    locate: &dyn Locate,
    arms: Option<&ArmsTaken>,
    errors: &mut Vec<RecordError>,
) {
    let person = &decoded.person;
    let mut check =
        |list: &str, i: usize, constraints: &[Constraint], schema: &Schema, fields: &[Value]| {
            let item = item_node(record, list, i);
            let path = format!("{list}[{i}]");
            check_item(
                ItemRules {
                    constraints,
                    schema,
                },
                Item {
                    person,
                    fields,
                    node: item,
                    path: &path,
                },
                decoded.clean,
                arms,
                locate,
                errors,
            );
        };
    for (activity, &i) in person.activities.iter().zip(&decoded.activity_indices) {
        let kind = policy.kind(activity.kind);
        check(
            ACTIVITIES,
            i,
            &kind.constraints,
            &kind.schema,
            &activity.fields,
        );
    }
    if let Some(rules) = &policy.exemption {
        for (exemption, &i) in person.exemptions.iter().zip(&decoded.exemption_indices) {
            check(
                EXEMPTIONS,
                i,
                &rules.constraints,
                &rules.schema,
                &exemption.fields,
            );
        }
    }
}

/// The rules of a kind (or of exemptions) and the schema of its items.
struct ItemRules<'a> {
    constraints: &'a [Constraint],
    schema: &'a Schema,
}

/// An activity or exemption of a person: its fields, its tree and its path in the record.
struct Item<'a> {
    person: &'a Person,
    fields: &'a [Value],
    node: Option<&'a Node<'a>>,
    path: &'a str,
}

/// Applies `rules` to `item`: `clean` when the record has no other error, the `match` arms
/// taken recorded in `arms` when given.
fn check_item(
    rules: ItemRules,
    item: Item,
    clean: bool,
    arms: Option<&ArmsTaken>,
    locate: &dyn Locate,
    errors: &mut Vec<RecordError>,
) {
    let env = Env::of_item(&item.person.fields, item.fields, &[], 0).taking(arms);
    for c in rules.constraints {
        let kind = match c.rule.expr.eval_bool(&env) {
            Ok(false) => continue,
            Ok(true) => RecordErrorKind::Constraint {
                message: c.message.clone(),
                cite: c.rule.origin.cite.clone(),
                span: c.rule.origin.span,
            },
            Err(e) if !clean && matches!(e.kind, EvalErrorKind::Internal(_)) => continue,
            Err(e) => RecordErrorKind::Evaluation {
                error: e.kind,
                span: e.span,
            },
        };
        let field =
            c.at.and_then(|slot| rules.schema.fields.get(usize::from(slot)));
        // The error is placed at the field the rule names, else at the item.
        let offset = match (item.node, field) {
            (Some(node), Some(f)) => match &node.value {
                NodeValue::Object(entries) => entries
                    .iter()
                    .find(|e| e.key == f.name.as_str())
                    .map_or(node.offset, |e| e.value.offset),
                _ => node.offset,
            },
            (Some(node), None) => node.offset,
            (None, _) => 0,
        };
        let at = item.node.and_then(|_| locate.line_col(offset));
        let path = match field {
            Some(f) => format!("{}.{}", item.path, f.name),
            None => item.path.to_string(),
        };
        errors.push(RecordError { path, kind, at });
    }
}

/// The `index`th item of the record's list `list`.
fn item_node<'n, 't>(record: &'n Node<'t>, list: &str, index: usize) -> Option<&'n Node<'t>> {
    let NodeValue::Object(entries) = &record.value else {
        return None;
    };
    match &entries.iter().find(|e| e.key == list)?.value.value {
        NodeValue::Array(items) => items.get(index),
        _ => None,
    }
}
