//! `GET /v1/policies` (what is served: ids, versions, hashes, effective dates, purposes,
//! the schema of a record and its CSV columns) and `POST /v1/check` (a policy text's
//! diagnostics as JSON, as `xueshi check` finds them).

use super::error::ApiError;
use super::state::Catalog;
use crate::messages::Lang;
use crate::policy::{FieldType, Policy, Schema};
use crate::render::localized;
use serde_json::{Value, json};

/// The body of `GET /v1/policies`.
pub fn policies(catalog: &Catalog, lang: Lang) -> Value {
    let served: Vec<Value> = catalog
        .served
        .iter()
        .zip(&catalog.reload_errors)
        .map(|(s, error)| {
            let revisions: Vec<Value> = s
                .revisions
                .iter()
                .map(|(file, p)| revision(file, p, lang))
                .collect();
            json!({
                "id": s.id,
                "path": s.path.display().to_string(),
                "folder": s.folder,
                "revisions": revisions,
                "reload_error": error,
            })
        })
        .collect();
    json!({ "policies": served })
}

fn revision(file: &std::path::Path, p: &Policy, lang: Lang) -> Value {
    let purposes: Vec<Value> = p
        .purposes
        .iter()
        .map(|purpose| {
            let statuses: Vec<Value> = purpose
                .statuses
                .iter()
                .map(|s| {
                    json!({
                        "name": s.label,
                        "label": s.display.as_ref().map(|t| localized(t, lang)),
                    })
                })
                .collect();
            json!({
                "name": purpose.name,
                "label": purpose.label.as_ref().map(|t| localized(t, lang)),
                "statuses": statuses,
            })
        })
        .collect();
    let kinds: Vec<Value> = p
        .kinds
        .iter()
        .map(|k| {
            json!({
                "name": k.name,
                "label": k.label.as_ref().map(|t| localized(t, lang)),
                "fields": fields(p, &k.schema),
            })
        })
        .collect();
    json!({
        "file": file.display().to_string(),
        "name": p.info.name,
        "title": p.info.title,
        "version": p.info.version,
        "effective": p.info.effective.to_string(),
        "sha256": p.info.sha256,
        "purposes": purposes,
        "forms": p.forms.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
        "person": {
            "fields": fields(p, &p.person),
            "kinds": kinds,
            "exemption": p.exemption.as_ref().map(|e| fields(p, &e.schema)),
        },
        "csv_columns": crate::input::Columns::of(p).names(),
    })
}

fn fields(p: &Policy, schema: &Schema) -> Vec<Value> {
    schema
        .fields
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "type": type_of(p, &f.ty),
                "required": f.required,
            })
        })
        .collect()
}

/// A field's type as JSON: `{"type": "date"}`, `{"type": "one_of", "values": […]}`…
fn type_of(p: &Policy, ty: &FieldType) -> Value {
    match ty {
        FieldType::Text => json!("text"),
        FieldType::ResidentId => json!("resident_id"),
        FieldType::Bool => json!("bool"),
        FieldType::Date => json!("date"),
        FieldType::Year => json!("year"),
        FieldType::Number { integer: true, .. } => json!("integer"),
        FieldType::Number { .. } => json!("decimal"),
        FieldType::Enum(e) => json!({
            "one_of": p.enums.get(usize::from(*e)).map(|e| e.values.clone()).unwrap_or_default(),
        }),
        FieldType::List(inner) => json!({ "list_of": type_of(p, inner) }),
    }
}

/// The body of `POST /v1/check` for the policy text `body`, called `name` in places.
pub fn check(name: &str, body: Vec<u8>, lang: Lang) -> Result<Value, ApiError> {
    let text = String::from_utf8(body).map_err(|e| ApiError::NotUtf8 {
        byte: e.utf8_error().valid_up_to(),
    })?;
    let source = crate::source::SourceFile::new(name, text);
    let (policy, report) = crate::compile_policy(source.clone());
    let diagnostics: Vec<Value> = report
        .diagnostics(lang)
        .into_iter()
        .map(|d| {
            let labels: Vec<Value> = d
                .labels
                .iter()
                .flatten()
                .map(|l| {
                    let start = source.line_col(l.offset());
                    let end = source.line_col(l.offset() + l.len());
                    json!({
                        "label": l.label(),
                        "offset": l.offset(),
                        "length": l.len(),
                        "line": start.line,
                        "column": start.column,
                        "end_line": end.line,
                        "end_column": end.column,
                    })
                })
                .collect();
            let severity = match d.severity {
                Some(miette::Severity::Warning) => "warning",
                Some(miette::Severity::Advice) => "advice",
                _ => "error",
            };
            let rendered = crate::diagnostics::render(
                d.clone(),
                &source,
                crate::diagnostics::Style {
                    color: false,
                    unicode: true,
                    width: 100,
                },
            );
            json!({
                "code": d.code,
                "severity": severity,
                "message": d.message,
                "help": d.help,
                "labels": labels,
                "rendered": rendered,
            })
        })
        .collect();
    Ok(json!({
        "valid": policy.is_some(),
        "errors": report.errors(),
        "warnings": report.warnings(),
        "summary": report.summary(lang),
        "diagnostics": diagnostics,
    }))
}
