//! `POST /v1/eval` and `POST /v1/explain`: the records of the body evaluated by the
//! library ([`crate::eval::evaluate_stream`], [`crate::eval::Job`]) and written by its
//! renderers, off the async threads, within the request's deadline and an evaluation slot.

use super::App;
use super::error::{ApiError, Localized};
use super::request::{self, Params};
use super::state::Served;
use crate::eval::{Job, Tally};
use crate::input::RawRecord;
use crate::messages::Lang;
use crate::policy::PurposeId;
use crate::render::{Explainer, Format, JsonRenderer, Settings, Sink};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;

/// What every ruling request resolves before evaluating: the policy and purpose, the
/// records, the slot it runs in.
struct Prepared {
    served: Arc<Served>,
    revision: usize,
    purpose: PurposeId,
    year: i32,
    params: Params,
    records: Vec<RawRecord>,
    permit: tokio::sync::OwnedSemaphorePermit,
}

impl Prepared {
    /// The revision `prepare` chose (an index it found in this very vector).
    fn policy(&self) -> std::io::Result<&crate::policy::Policy> {
        self.served
            .revisions
            .get(self.revision)
            .map(|(_, p)| p)
            .ok_or_else(|| std::io::Error::other("the revision chosen is gone"))
    }
}

/// Reads the body (within the size limit), the parameters, the policy and purpose and the
/// records, and takes an evaluation slot.
async fn prepare(
    app: &Arc<App>,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Prepared, crate::input::Format), Localized> {
    let lang_hint = Params::from(query, None, headers)
        .map(|p| p.lang)
        .unwrap_or_default();
    let fail = |e: ApiError| Localized(e, lang_hint);
    let format = request::body_format(headers).map_err(fail)?;
    let bytes = read_body(body, app.config.max_body_bytes)
        .await
        .map_err(fail)?;
    let mut bytes: Vec<u8> = bytes.into();
    let mut fields = None;
    if format == crate::input::Format::Json
        && let Some((f, blanked)) = request::split_json_body(&bytes)
    {
        fields = Some(f);
        bytes = blanked;
    }
    let params = Params::from(query, fields.as_ref(), headers).map_err(fail)?;
    let lang = params.lang;
    let fail = |e: ApiError| Localized(e, lang);
    let catalog = app.store.catalog();
    let served = catalog
        .find(params.policy.as_deref())
        .cloned()
        .ok_or_else(|| {
            fail(ApiError::UnknownPolicy {
                id: params.policy.clone(),
                served: catalog.ids(),
            })
        })?;
    let policy = served
        .revision(params.as_of, lang)
        .map_err(|message| fail(ApiError::Policy { message }))?;
    let revision = served
        .revisions
        .iter()
        .position(|(_, p)| std::ptr::eq(p, policy))
        .unwrap_or_default();
    let purpose_name = params
        .purpose
        .clone()
        .ok_or(ApiError::MissingParam { name: "purpose" })
        .map_err(fail)?;
    let purpose = super::purpose_of(policy, &purpose_name, lang).map_err(fail)?;
    let year = params
        .year
        .ok_or(ApiError::MissingParam { name: "year" })
        .map_err(fail)?;
    let permit = app.slots.clone().try_acquire_owned().map_err(|_| {
        fail(ApiError::Busy {
            limit: app.config.max_concurrent,
        })
    })?;
    let name = request::records_name(&params, format);
    let max = app.config.max_records;
    let reader = served.clone();
    let redact = params.redact || app.config.redact;
    let records = tokio::task::spawn_blocking(move || {
        let policy = reader
            .revisions
            .get(revision)
            .map(|(_, p)| p)
            .ok_or_else(|| ApiError::Internal {
                reason: "revision lost".into(),
            })?;
        let columns = crate::input::Columns::of(policy);
        request::read_records(&name, format, bytes, &columns, max).map_err(|e| match e {
            // A column named by an ID, a body named after a person: masked when asked.
            ApiError::Unreadable { reason } => ApiError::Unreadable {
                reason: crate::render::redacted(reason, redact),
            },
            e => e,
        })
    })
    .await
    .map_err(|e| {
        fail(ApiError::Internal {
            reason: e.to_string(),
        })
    })?
    .map_err(fail)?;
    Ok((
        Prepared {
            served,
            revision,
            purpose,
            year,
            params,
            records,
            permit,
        },
        format,
    ))
}

/// The body's bytes, at most `limit` of them.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if too_large {
            ApiError::BodyTooLarge { limit }
        } else {
            ApiError::Internal {
                reason: e.to_string(),
            }
        }
    })
}

/// Where a renderer writes: a buffer, sent on in chunks when the answer is streamed; every
/// write fails once the deadline has passed or the client has gone, which stops the
/// evaluation.
struct Output {
    buf: Vec<u8>,
    stream: Option<mpsc::Sender<Result<Bytes, std::io::Error>>>,
    deadline: Instant,
}

const CHUNK: usize = 64 * 1024;

impl Output {
    fn send(&mut self) -> std::io::Result<()> {
        if let Some(tx) = &self.stream
            && !self.buf.is_empty()
        {
            let chunk = Bytes::from(std::mem::take(&mut self.buf));
            tx.blocking_send(Ok(chunk))
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(std::io::Error::from(std::io::ErrorKind::TimedOut));
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `POST /v1/eval`.
pub async fn eval(
    app: Arc<App>,
    query: HashMap<String, String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Localized> {
    let started = Instant::now();
    let deadline = started + app.config.request_timeout;
    let (prepared, _) = prepare(&app, &query, &headers, body).await?;
    let lang = prepared.params.lang;
    let fail = |e: ApiError| Localized(e, lang);
    let format = request::answer_format(&prepared.params, &headers).map_err(fail)?;
    let content_type = match format {
        Format::Json | Format::Table => "application/json",
        Format::Jsonl => "application/x-ndjson",
        Format::Csv => "text/csv; charset=utf-8",
        Format::Xlsx => request::XLSX_TYPE,
    };
    let records = prepared.records.len();
    let streamed = format == Format::Jsonl;
    let (tx, rx) = mpsc::channel(4);
    let out = Output {
        buf: Vec::new(),
        stream: streamed.then_some(tx),
        deadline,
    };
    let worker = app.clone();
    let task = tokio::task::spawn_blocking(move || {
        let mut prepared = prepared;
        let records = std::mem::take(&mut prepared.records);
        worker.metrics.in_flight.inc();
        let result = run_eval(&prepared, records, format, out, &worker);
        worker.metrics.in_flight.dec();
        drop(prepared.permit);
        result
    });
    let mut response = if streamed {
        // The records are sent as they are ruled; a failure midway ends the stream early
        // (the client sees a cut body, never a wrong one).
        tokio::spawn(async move {
            if let Ok(Err(e)) = task.await {
                tracing::warn!(error = %e, "a streamed evaluation stopped");
            }
        });
        let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
        Response::new(Body::from_stream(stream))
    } else {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let timeout = || ApiError::Timeout {
            seconds: app.config.request_timeout.as_secs(),
        };
        let joined = tokio::time::timeout(remaining, task)
            .await
            .map_err(|_| fail(timeout()))?;
        let (bytes, _) = joined
            .map_err(|e| {
                fail(ApiError::Internal {
                    reason: e.to_string(),
                })
            })?
            .map_err(|e| {
                fail(if e.kind() == std::io::ErrorKind::TimedOut {
                    timeout()
                } else {
                    ApiError::Internal {
                        reason: e.to_string(),
                    }
                })
            })?;
        Response::new(Body::from(bytes))
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&records.to_string()) {
        headers.insert("x-xueshi-records", v);
    }
    if format == Format::Xlsx {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"rulings.xlsx\""),
        );
    } else if format == Format::Csv {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"rulings.csv\""),
        );
    }
    Ok(response)
}

/// Evaluates the records into `out` with the library's stream and renderers; the bytes
/// written (when not streamed) and the tally.
fn run_eval(
    prepared: &Prepared,
    records: Vec<RawRecord>,
    format: Format,
    out: Output,
    app: &App,
) -> std::io::Result<(Vec<u8>, Tally)> {
    let policy = prepared.policy()?;
    let job = Job {
        detail: crate::eval::Detail {
            traces: if matches!(format, Format::Json | Format::Jsonl) {
                crate::eval::Traces::Credits
            } else {
                crate::eval::Traces::None
            },
            form: None,
            arms: false,
        },
        ..Job::new(policy, prepared.purpose, prepared.year)
    };
    let settings = Settings {
        policy,
        purpose: prepared.purpose,
        year: prepared.year,
        lang: prepared.params.lang,
        redact: prepared.params.redact || app.config.redact,
    };
    let mut sink = Sink::new(settings, format, out);
    let encoder = sink.encoder();
    let tally =
        crate::eval::evaluate_stream(&job, records.into_iter(), &encoder, &mut sink, &mut |_| {})?;
    let out = sink.finish()?;
    count_rulings(app, prepared, &tally);
    Ok((out.buf, tally))
}

/// Adds a request's rulings to the metrics.
fn count_rulings(app: &App, prepared: &Prepared, tally: &Tally) {
    let Ok(policy) = prepared.policy() else {
        return;
    };
    let purpose = policy.purpose_rules(prepared.purpose);
    app.metrics.records.inc_by(tally.records as u64);
    let labels = |status: &str| super::metrics::RulingLabels {
        policy: prepared.served.id.clone(),
        purpose: purpose.name.clone(),
        status: status.to_string(),
    };
    for (rule, n) in purpose.statuses.iter().zip(&tally.by_status) {
        if *n > 0 {
            app.metrics
                .rulings
                .get_or_create(&labels(&rule.label))
                .inc_by(*n as u64);
        }
    }
    if tally.invalid > 0 {
        app.metrics
            .rulings
            .get_or_create(&labels("invalid"))
            .inc_by(tally.invalid as u64);
    }
}

/// `POST /v1/explain`: for each record (or the one with `id`), the ruling with every reason
/// as data, the explanation as text, and the policy's form filled in when it has one.
pub async fn explain(
    app: Arc<App>,
    query: HashMap<String, String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Localized> {
    let started = Instant::now();
    let deadline = started + app.config.request_timeout;
    let (prepared, _) = prepare(&app, &query, &headers, body).await?;
    let lang = prepared.params.lang;
    let fail = |e: ApiError| Localized(e, lang);
    let form = {
        let policy = prepared.policy().map_err(|e| {
            fail(ApiError::Internal {
                reason: e.to_string(),
            })
        })?;
        match &prepared.params.form {
            Some(name) => Some(
                policy
                    .forms
                    .iter()
                    .position(|f| &f.name == name)
                    .ok_or_else(|| {
                        fail(ApiError::BadParam {
                            name: "form",
                            value: name.clone(),
                            reason: policy
                                .forms
                                .iter()
                                .map(|f| format!("`{}`", f.name))
                                .collect::<Vec<_>>()
                                .join(", "),
                        })
                    })?,
            ),
            None => (!policy.forms.is_empty()).then_some(0),
        }
    };
    let worker = app.clone();
    let task = tokio::task::spawn_blocking(move || {
        let mut prepared = prepared;
        let records = std::mem::take(&mut prepared.records);
        worker.metrics.in_flight.inc();
        let result = run_explain(&prepared, records, form, deadline, &worker);
        worker.metrics.in_flight.dec();
        drop(prepared.permit);
        result
    });
    let remaining = deadline.saturating_duration_since(Instant::now());
    let timeout = ApiError::Timeout {
        seconds: app.config.request_timeout.as_secs(),
    };
    let joined = match tokio::time::timeout(remaining, task).await {
        Ok(j) => j,
        Err(_) => return Err(fail(timeout)),
    };
    let value = joined
        .map_err(|e| {
            fail(ApiError::Internal {
                reason: e.to_string(),
            })
        })?
        .map_err(|e| match e {
            ApiError::Timeout { .. } => fail(timeout),
            e => fail(e),
        })?;
    Ok((StatusCode::OK, axum::Json(value)).into_response())
}

fn run_explain(
    prepared: &Prepared,
    records: Vec<RawRecord>,
    form: Option<usize>,
    deadline: Instant,
    app: &App,
) -> Result<serde_json::Value, ApiError> {
    let policy = prepared.policy().map_err(|e| ApiError::Internal {
        reason: e.to_string(),
    })?;
    let lang = prepared.params.lang;
    let redact = prepared.params.redact || app.config.redact;
    let job = Job {
        detail: crate::eval::Detail {
            traces: crate::eval::Traces::All,
            form,
            arms: false,
        },
        ..Job::new(policy, prepared.purpose, prepared.year)
    };
    let explainer = Explainer {
        policy,
        purpose: prepared.purpose,
        year: prepared.year,
        lang,
        redact,
        snippets: Some(crate::diagnostics::Style {
            color: false,
            unicode: true,
            width: 100,
        }),
    };
    let json = JsonRenderer {
        policy,
        purpose: prepared.purpose,
        year: prepared.year,
        lang,
        redact,
    };
    let mut explanations = Vec::new();
    let mut tally = Tally::default();
    for raw in records {
        if Instant::now() > deadline {
            return Err(ApiError::Timeout { seconds: 0 });
        }
        let record_text = match &raw.locator {
            crate::input::Locator::File(s) => Some(s.clone()),
            _ => None,
        };
        let outcome = job.run(raw);
        if let Some(id) = &prepared.params.id {
            let record_id = outcome
                .result
                .as_ref()
                .ok()
                .and_then(|e| e.person.text(&policy.person, policy.person.id_key()));
            if record_id.or(outcome.id.as_deref()) != Some(id.as_str()) {
                continue;
            }
        }
        tally.records += 1;
        match &outcome.result {
            Ok(e) => {
                let s = e.ruling.status;
                if tally.by_status.len() <= s {
                    tally.by_status.resize(s + 1, 0);
                }
                if let Some(n) = tally.by_status.get_mut(s) {
                    *n += 1;
                }
            }
            Err(_) => tally.invalid += 1,
        }
        let mut buf = Vec::new();
        json.write(&outcome, &mut buf)
            .map_err(|e| ApiError::Internal {
                reason: e.to_string(),
            })?;
        let ruling: serde_json::Value =
            serde_json::from_slice(&buf).map_err(|e| ApiError::Internal {
                reason: e.to_string(),
            })?;
        let text = explainer.explain(&outcome, record_text.as_deref());
        let filled = match (&outcome.result, form.and_then(|i| policy.forms.get(i))) {
            (Ok(evaluated), Some(f)) => {
                let rendered =
                    crate::render::form::render_form(policy, f, &outcome, evaluated, lang, redact);
                serde_json::json!({ "name": f.name, "text": rendered.text, "filled": rendered.filled })
            }
            _ => serde_json::Value::Null,
        };
        explanations.push(serde_json::json!({
            "ruling": ruling,
            "text": text,
            "form": filled,
        }));
    }
    if let (Some(id), true) = (&prepared.params.id, explanations.is_empty()) {
        // The ID asked for is masked as the records' are.
        let id = if redact {
            crate::record::resident_id::redact(id)
        } else {
            id.clone()
        };
        return Err(ApiError::NoRecordWithId { id });
    }
    count_rulings(app, prepared, &tally);
    Ok(serde_json::json!({
        "lang": lang_code(lang),
        "explanations": explanations,
    }))
}

/// `en` or `zh`.
pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}
