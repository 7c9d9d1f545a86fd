//! Forms filled in from a ruling: each field of a policy's `form`, its value taken from the
//! person and from the figures of the year judged (the notice's registration form reads
//! "经审验, 2023年符合专业课继续教育共计42学时, 还需完成18学时的继续教育。").

use crate::eval::trace::FilledPart;
use crate::eval::{Evaluated, Outcome};
use crate::messages::{Lang, Msg, fill};
use crate::policy::expr::Value;
use crate::policy::types::Ty;
use crate::policy::{Form, FormPart, Policy};
use crate::record::resident_id::redact as redact_id;

/// A value as a form writes it: numbers without units (the form's text has them), texts
/// without quotes, nothing for an absent field.
fn plain(policy: &Policy, value: &Value, ty: &Ty) -> String {
    match value {
        Value::Absent => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Year(y) => y.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Enum(i) => match enum_of(ty) {
            Some(e) => policy
                .enums
                .get(usize::from(*e))
                .and_then(|e| e.values.get(usize::from(*i)))
                .cloned()
                .unwrap_or_default(),
            None => i.to_string(),
        },
        Value::List(items) => items
            .iter()
            .map(|v| plain(policy, v, ty))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn enum_of(ty: &Ty) -> Option<&u16> {
    match ty {
        Ty::Enum(e) => Some(e),
        Ty::Maybe(t) | Ty::List(t) => enum_of(t),
        _ => None,
    }
}

/// The form `form` filled in for a person, as text: its title (with its clause), then a
/// line for each field. The values come from the outcome's workings (the job must have
/// asked for this form, see [`crate::eval::Detail`]); `filled` is false, and only the
/// title is written, when they hold no form (the year judged cannot be). With `redact`,
/// a field that shows the person's resident ID shows it masked, and so does every run
/// shaped like an ID in any field.
pub(crate) fn render_form(
    policy: &Policy,
    form: &Form,
    outcome: &Outcome,
    evaluated: &Evaluated,
    lang: Lang,
    redact: bool,
) -> RenderedForm {
    let title = form
        .label
        .as_ref()
        .map_or(form.name.as_str(), |l| l.text.as_str());
    let mut text = title.to_string();
    if let Some(c) = &form.origin.cite {
        text.push_str(&fill(lang, Msg::Aside, &[("text", &c.clause)]));
    }
    text.push('\n');
    let Some(fields) = &evaluated.workings.form else {
        return RenderedForm {
            text,
            filled: false,
        };
    };
    for (field, filled) in form.fields.iter().zip(fields) {
        let value: String = field
            .parts
            .iter()
            .zip(&filled.parts)
            .map(|(part, value)| match (part, value) {
                (_, FilledPart::Text(t)) => t.clone(),
                (FormPart::Value(e), FilledPart::Value(Some(v))) => plain(policy, v, &e.ty),
                _ => String::new(),
            })
            .collect();
        let value = if redact
            && policy.person.slots.contains_key(policy.person.id_key())
            && outcome.id.as_deref() == Some(value.as_str())
        {
            redact_id(&value)
        } else {
            value
        };
        let line = fill(
            lang,
            Msg::FormField,
            &[("label", &filled.label), ("value", &value)],
        );
        text.push_str("  ");
        text.push_str(&line);
        text.push('\n');
    }
    // With --redact, no ID-shaped run in any field (a unit, a title that holds one).
    RenderedForm {
        text: super::redacted(text, redact),
        filled: true,
    }
}

/// A form as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RenderedForm {
    /// The title and the fields, each line ended.
    pub(crate) text: String,
    /// Whether the fields could be filled in.
    pub(crate) filled: bool,
}
