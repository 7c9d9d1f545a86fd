//! The server's metrics in the Prometheus text format (`GET /metrics`): requests by route,
//! method and status, their latency, records evaluated, rulings by policy, purpose and
//! status, evaluations in flight, failed reloads.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route (`/v1/eval`), not the path asked for.
    pub route: String,
    /// `GET`, `POST`…
    pub method: String,
    /// The status code.
    pub status: u16,
}

/// A route's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route.
    pub route: String,
}

/// A ruling's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RulingLabels {
    /// The policy's id.
    pub policy: String,
    /// The purpose.
    pub purpose: String,
    /// The status, or `invalid`.
    pub status: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Every metric, and the registry that writes them.
pub struct Metrics {
    registry: Registry,
    /// Requests answered.
    pub requests: Family<RequestLabels, Counter>,
    /// Seconds from request to response headers.
    pub latency: HistogramFamily,
    /// Records evaluated or explained.
    pub records: Counter,
    /// Rulings given.
    pub rulings: Family<RulingLabels, Counter>,
    /// Evaluations running.
    pub in_flight: Gauge,
    /// Reloads of a policy that failed (the previous version kept).
    pub reload_failures: Counter,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Metrics {
    /// Every metric at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("xueshi");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request to its response headers",
            latency.clone(),
        );
        let records = Counter::default();
        registry.register("records", "Records evaluated", records.clone());
        let rulings = Family::<RulingLabels, Counter>::default();
        registry.register(
            "rulings",
            "Rulings by policy, purpose and status (invalid records as `invalid`)",
            rulings.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "evaluations_in_flight",
            "Evaluations running",
            in_flight.clone(),
        );
        let reload_failures = Counter::default();
        registry.register(
            "policy_reload_failures",
            "Reloads of a changed policy that could not be used",
            reload_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            records,
            rulings,
            in_flight,
            reload_failures,
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
