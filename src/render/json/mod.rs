//! The output contract (notice-reading.md §4) in JSON: one object per input record, with
//! the ruling's figures, the credits and rejections behind them, the requirements with their
//! values, and the policy's identity; or, for an invalid record, its errors and position.
//! Numbers are written as exact decimal text.
//!
//! The text is written directly, compact or indented as serde_json writes it (two spaces),
//! and the policy's texts that every object repeats (names, rules, formulas, clauses, the
//! policy's identity) are escaped once per stream ([`PreparedJson`]), not once per object.

mod errors;
mod escape;
mod literals;
mod ruling;
mod writer;

use crate::eval::{Evaluated, Outcome};
use crate::messages::Lang;
use crate::policy::expr::Value;
use crate::policy::{Policy, PurposeId};
use crate::record::resident_id;
use literals::Literals;
use std::borrow::Cow;
use writer::JsonWriter;

/// Renders outcomes as JSON objects.
#[derive(Debug, Clone, Copy)]
pub struct JsonRenderer<'a> {
    /// The policy the rulings come from.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
    /// Language of the texts (reasons, messages).
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
}

impl JsonRenderer<'_> {
    /// Appends one outcome as a JSON object (no line break) to `out`. For many outcomes,
    /// [`PreparedJson`] escapes the policy's texts once instead of once per outcome.
    pub fn write(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        PreparedJson::new(*self).write(outcome, out);
        Ok(())
    }

    /// Appends one outcome as an indented JSON object to `out`.
    pub fn write_pretty(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        PreparedJson::new(*self).write_pretty(outcome, out);
        Ok(())
    }
}

/// A [`JsonRenderer`] with the policy's texts that its objects repeat escaped once, as JSON
/// string literals: made once for a stream of outcomes, then used for each of them (from any
/// thread).
#[derive(Debug)]
pub struct PreparedJson<'a> {
    renderer: JsonRenderer<'a>,
    literals: Literals,
}

impl<'a> PreparedJson<'a> {
    /// Prepares `renderer`'s literals.
    pub fn new(renderer: JsonRenderer<'a>) -> Self {
        PreparedJson {
            literals: Literals::new(&renderer),
            renderer,
        }
    }

    /// Appends one outcome as a JSON object (no line break) to `out`.
    pub fn write(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        JsonWriter::<false>::new(self, out).ruling(outcome);
    }

    /// Appends one outcome as an indented JSON object to `out`.
    pub fn write_pretty(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        JsonWriter::<true>::new(self, out).ruling(outcome);
    }

    /// The person's text field in `slot`, else the one read from the raw record.
    fn person_text<'x>(
        &self,
        evaluated: Option<&'x Evaluated>,
        slot: Option<usize>,
        raw: &'x Option<String>,
    ) -> Option<&'x str> {
        let from_record = evaluated.and_then(|e| match e.person.fields.get(slot?)? {
            Value::Text(t) => Some(&**t),
            _ => None,
        });
        from_record.or(raw.as_deref())
    }

    /// The person's ID, masked when asked.
    fn id<'x>(
        &self,
        outcome: &'x Outcome,
        evaluated: Option<&'x Evaluated>,
    ) -> Option<Cow<'x, str>> {
        let id = self.person_text(evaluated, self.literals.id_slot, &outcome.id)?;
        Some(
            if self.renderer.redact && (self.literals.id_is_resident || evaluated.is_none()) {
                Cow::Owned(resident_id::redact(id))
            } else {
                Cow::Borrowed(id)
            },
        )
    }
}
