//! Forms filled in from a ruling: each field of a policy's `form`, its value taken from the
//! person and from the figures of the year judged (the notice's registration form reads
//! "经审验, 2023年符合专业课继续教育共计42学时, 还需完成18学时的继续教育。").

use crate::eval::EvalError;
use crate::eval::Evaluated;
use crate::eval::interp::Env;
use crate::eval::year::judge_year;
use crate::policy::expr::Value;
use crate::policy::types::Ty;
use crate::policy::{Form, FormPart, Policy};

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

/// The fields of `form` filled in for a person and the year `year`: (label, value) pairs.
pub fn fill_form(
    policy: &Policy,
    form: &Form,
    evaluated: &Evaluated,
    year: i32,
) -> Result<Vec<(String, String)>, EvalError> {
    let ruling = &evaluated.ruling;
    let (_, facts) = judge_year(
        policy,
        None,
        &evaluated.person,
        &ruling.activities,
        &ruling.exemptions,
        year,
        year,
    )?;
    let env = Env {
        person: &evaluated.person.fields,
        item: &[],
        locals: &[],
        year: Some(&facts),
        judged_year: year,
        window: &[],
    };
    Ok(form
        .fields
        .iter()
        .map(|field| {
            let value: String = field
                .parts
                .iter()
                .map(|part| match part {
                    FormPart::Text(t) => t.clone(),
                    FormPart::Value(e) => e
                        .eval(&env)
                        .map(|v| plain(policy, &v, &e.ty))
                        .unwrap_or_default(),
                })
                .collect();
            (field.label.clone(), value)
        })
        .collect())
}
