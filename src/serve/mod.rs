//! `xueshi serve`: the library over HTTP, for HR systems and for the analysts' web page.
//!
//! A thin layer: requests are parsed here ([`request`]), records read by
//! [`crate::input::read_records_from_bytes`], evaluated by [`crate::eval`] and written by
//! [`crate::render`]; nothing here evaluates or renders a ruling. axum on tokio serves; the
//! CPU-bound work runs on tokio's blocking threads (and rayon's, inside the library's
//! stream), never on the async ones. Every limit is a flag ([`Config`]); over one, a request
//! gets a JSON error (413, 429, 503), never an unbounded allocation. A panic is caught and
//! answered 500. Policies are reloaded on SIGHUP and when their files change
//! ([`state`]); SIGINT or SIGTERM stop accepting connections and let the requests in flight
//! finish.

mod catalog;
pub mod error;
pub mod metrics;
mod openapi;
mod page;
pub mod request;
mod rulings;
pub mod state;

use crate::messages::{Lang, Msg, fill, join};
use crate::policy::{Policy, PurposeId};
use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Query, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use error::{ApiError, Localized};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The server's settings (each a flag of `xueshi serve`).
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The most records in one request.
    pub max_records: usize,
    /// How long a request may take.
    pub request_timeout: Duration,
    /// How many evaluations may run at once; more get 429.
    pub max_concurrent: usize,
    /// How often policy files are looked at for changes; `None`: only on SIGHUP.
    pub watch: Option<Duration>,
    /// Mask resident IDs in every answer, whatever the request says.
    pub redact: bool,
    /// Log query strings (which may hold a resident ID) in the access log.
    pub log_ids: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: 32 * 1024 * 1024,
            max_records: 100_000,
            request_timeout: Duration::from_secs(60),
            max_concurrent: 4,
            watch: Some(Duration::from_secs(2)),
            redact: false,
            log_ids: false,
        }
    }
}

/// What every request shares.
pub struct App {
    /// The settings.
    pub config: Config,
    /// The policies served.
    pub store: state::Store,
    /// The metrics.
    pub metrics: metrics::Metrics,
    /// Evaluation slots.
    slots: Arc<tokio::sync::Semaphore>,
}

impl App {
    /// A server's state serving `served`.
    pub fn new(config: Config, served: Vec<state::Served>) -> Arc<App> {
        Arc::new(App {
            slots: Arc::new(tokio::sync::Semaphore::new(config.max_concurrent.max(1))),
            config,
            store: state::Store::new(served),
            metrics: metrics::Metrics::new(),
        })
    }

    /// Reloads changed policies (every one when `all`), logging what happened.
    pub fn reload(&self, all: bool) {
        let report = self.store.reload(all);
        for line in &report.reloaded {
            tracing::info!(target: "xueshi::reload", "{line}");
        }
        for line in &report.failed {
            self.metrics.reload_failures.inc();
            tracing::error!(target: "xueshi::reload", "{line}");
        }
    }
}

/// The purpose called `name`, or the CLI's error listing the purposes declared.
pub(crate) fn purpose_of(policy: &Policy, name: &str, lang: Lang) -> Result<PurposeId, ApiError> {
    if let Some((id, _)) = policy.purpose(name) {
        return Ok(id);
    }
    let names: Vec<String> = policy
        .purposes
        .iter()
        .map(|p| format!("`{}`", p.name))
        .collect();
    let mut message = fill(
        lang,
        Msg::ErrorUnknownPurpose,
        &[("name", &name), ("purposes", &join(lang, &names, Msg::And))],
    );
    if let Some(s) = crate::suggest::closest(name, policy.purposes.iter().map(|p| p.name.as_str()))
    {
        message.push_str(&format!(
            "; {}",
            fill(lang, Msg::HelpDidYouMean, &[("suggestion", &s)])
        ));
    }
    Err(ApiError::Policy { message })
}

/// The routes, as `(method, path)`; `/v1/openapi.json` describes exactly these (a test
/// checks it).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/app.js"),
    ("GET", "/app.css"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/v1/openapi.json"),
    ("GET", "/v1/policies"),
    ("POST", "/v1/check"),
    ("POST", "/v1/eval"),
    ("POST", "/v1/explain"),
];

/// The query's parameters, or a 400 naming what is wrong with them.
type QueryMap = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

fn query_of(q: QueryMap) -> Result<HashMap<String, String>, Localized> {
    q.map(|Query(q)| q).map_err(|e| {
        Localized(
            ApiError::BadParam {
                name: "query",
                value: String::new(),
                reason: e.body_text(),
            },
            Lang::En,
        )
    })
}

/// The router, with its limits, access log and panic catcher.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .route("/v1/openapi.json", get(openapi::document))
        .route("/v1/policies", get(list_policies))
        .route("/v1/check", post(check))
        .route(
            "/v1/eval",
            post(
                |State(app): State<Arc<App>>, q: QueryMap, headers: HeaderMap, body: Body| async move {
                    rulings::eval(app, query_of(q)?, headers, body).await
                },
            ),
        )
        .route(
            "/v1/explain",
            post(
                |State(app): State<Arc<App>>, q: QueryMap, headers: HeaderMap, body: Body| async move {
                    rulings::explain(app, query_of(q)?, headers, body).await
                },
            ),
        )
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::NotFound {
                path: uri.path().to_string(),
            }
        });
    api.layer(axum::middleware::from_fn_with_state(app.clone(), observe))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .with_state(app)
}

/// A panic in a handler, answered 500 with a JSON error.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let reason = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into());
    tracing::error!(%reason, "a request panicked");
    ApiError::Internal { reason }.into_response()
}

/// The access log, the request metrics and the request timeout, around every route.
async fn observe(State(app): State<Arc<App>>, request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(none)".to_string(), |m| m.as_str().to_string());
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let seconds = app.config.request_timeout.as_secs();
    let response = match tokio::time::timeout(app.config.request_timeout, next.run(request)).await {
        Ok(r) => r,
        Err(_) => ApiError::Timeout { seconds }.into_response(),
    };
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    app.metrics
        .requests
        .get_or_create(&metrics::RequestLabels {
            route: route.clone(),
            method: method.clone(),
            status,
        })
        .inc();
    app.metrics
        .latency
        .get_or_create(&metrics::RouteLabels { route })
        .observe(elapsed.as_secs_f64());
    let records = response
        .headers()
        .get("x-xueshi-records")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let ms = elapsed.as_secs_f64() * 1000.0;
    // The query may hold a resident ID (`explain?id=…`): logged only when asked for.
    match (app.config.log_ids, query) {
        (true, Some(q)) => {
            tracing::info!(target: "xueshi::access", %method, %path, query = %q, status, ms, records)
        }
        _ => tracing::info!(target: "xueshi::access", %method, %path, status, ms, records),
    }
    response
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    let catalog = app.store.catalog();
    let body = serde_json::json!({
        "status": "ok",
        "policies": catalog.served.len(),
        "reload_errors": catalog.reload_errors.iter().flatten().count(),
    });
    axum::Json(body).into_response()
}

async fn metrics_text(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.encode(),
    )
        .into_response()
}

async fn list_policies(State(app): State<Arc<App>>, q: QueryMap, headers: HeaderMap) -> Response {
    let lang = match query_of(q) {
        Ok(q) => request::Params::from(&q, None, &headers)
            .map(|p| p.lang)
            .unwrap_or_default(),
        Err(e) => return e.into_response(),
    };
    axum::Json(catalog::policies(&app.store.catalog(), lang)).into_response()
}

async fn check(
    State(app): State<Arc<App>>,
    q: QueryMap,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Localized> {
    let q = query_of(q)?;
    let params = request::Params::from(&q, None, &headers).map_err(Localized::from)?;
    let lang = params.lang;
    let limit = app.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Localized(ApiError::BodyTooLarge { limit }, lang))?;
    let name = params.name.unwrap_or_else(|| "body.policy".into());
    let value = tokio::task::spawn_blocking(move || catalog::check(&name, bytes.into(), lang))
        .await
        .map_err(|e| {
            Localized(
                ApiError::Internal {
                    reason: e.to_string(),
                },
                lang,
            )
        })?
        .map_err(|e| Localized(e, lang))?;
    Ok((StatusCode::OK, axum::Json(value)).into_response())
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// A policy cannot be used (its report).
    Policy(String),
    /// The address cannot be bound.
    Bind(String),
    /// The runtime failed.
    Runtime(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Policy(s) | ServeError::Bind(s) | ServeError::Runtime(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for ServeError {}

/// Loads the policies, binds `bind`, and serves until SIGINT or SIGTERM, then lets the
/// requests in flight finish. The address is announced on stderr (with port 0, the one
/// the system chose).
pub fn run(
    policies: &[std::path::PathBuf],
    bind: &str,
    config: Config,
    lang: Lang,
) -> Result<(), ServeError> {
    let mut served = Vec::new();
    for p in policies {
        served.push(state::Served::load(p).map_err(ServeError::Policy)?);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
            ServeError::Bind(fill(
                lang,
                Msg::ServeBindFailed,
                &[("addr", &bind), ("reason", &e)],
            ))
        })?;
        let addr: SocketAddr = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(e.to_string()))?;
        let ids: Vec<String> = served.iter().map(|s| format!("`{}`", s.id)).collect();
        let app = App::new(config, served);
        eprintln!(
            "{}",
            fill(
                lang,
                Msg::ServeListening,
                &[("policies", &join(lang, &ids, Msg::And)), ("addr", &addr)]
            )
        );
        spawn_reloaders(app.clone());
        let shutdown = async move {
            shutdown_signal().await;
            eprintln!("{}", crate::messages::text(lang, Msg::ServeShuttingDown));
        };
        // Answers go out at once, not held back for more (Nagle's algorithm adds 40 ms to
        // a small answer on a kept-alive connection).
        use axum::serve::ListenerExt;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| ServeError::Runtime(e.to_string()))
    })
}

/// Reloads on SIGHUP (every policy) and, with `--watch-interval`, when a file changes.
fn spawn_reloaders(app: Arc<App>) {
    #[cfg(unix)]
    {
        let app = app.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let Ok(mut hup) = signal(SignalKind::hangup()) else {
                return;
            };
            while hup.recv().await.is_some() {
                let app = app.clone();
                let _ = tokio::task::spawn_blocking(move || app.reload(true)).await;
            }
        });
    }
    if let Some(every) = app.config.watch {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                ticks.tick().await;
                let app = app.clone();
                let _ = tokio::task::spawn_blocking(move || app.reload(false)).await;
            }
        });
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
