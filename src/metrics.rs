//! Metrics for Prometheus, in its text format (`metrics` + `metrics-exporter-prometheus`),
//! held by the application state — no global recorder, so each test app counts its own.
//! Requests are counted by route as declared and status; the rest is read from the database
//! at scrape time. No label ever names a person.

use crate::db::metrics::Figures;
use metrics::{Counter, Histogram};
use metrics::{Unit, describe_counter, describe_gauge, describe_histogram, with_local_recorder};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    /// The request counters and timers already registered, by route: a request finds its own
    /// with one read lock, no allocation and no label hashing.
    routes: Arc<RwLock<HashMap<String, RouteHandles>>>,
}

/// One route's handles: a counter per (method, status), a histogram per method — a few each.
#[derive(Default)]
struct RouteHandles {
    counters: Vec<(String, u16, Counter)>,
    durations: Vec<(String, Histogram)>,
}

const LATENCY_BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY_BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        with_local_recorder(&recorder, || {
            describe_counter!("binome_http_requests_total", "Requêtes HTTP, par route et statut");
            describe_histogram!(
                "binome_http_request_duration_seconds",
                Unit::Seconds,
                "Durée des réponses HTTP, par route"
            );
            describe_counter!(
                "binome_desk_computations_total",
                "Tableaux de bord calculés (les autres lectures viennent de la mémoire)"
            );
            describe_gauge!("binome_outbox_messages", "Messages de la file d'envoi, par statut");
            describe_gauge!(
                "binome_outbox_oldest_waiting_seconds",
                Unit::Seconds,
                "Attente du plus ancien message pas encore parti"
            );
            describe_gauge!("binome_jobs_due", "Tâches planifiées arrivées à échéance");
            describe_gauge!(
                "binome_jobs_overdue",
                "Tâches planifiées en retard de plus de 10 minutes"
            );
            describe_gauge!("binome_jobs_dead", "Tâches abandonnées après trop d'échecs");
            describe_gauge!("binome_alerts_open", "Alertes ouvertes sur les tableaux de bord");
            describe_gauge!("binome_people_waiting", "Personnes accompagnées en attente d'un binôme");
            describe_gauge!(
                "binome_people_waiting_average_seconds",
                Unit::Seconds,
                "Attente moyenne de ces personnes depuis leur inscription"
            );
            describe_gauge!(
                "binome_people_waiting_longest_seconds",
                Unit::Seconds,
                "Plus longue attente depuis l'inscription"
            );
        });
        Metrics {
            recorder: Arc::new(recorder),
            routes: Default::default(),
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        if let Ok(routes) = self.routes.read()
            && let Some(handles) = routes.get(route)
            && let (Some(counter), Some(duration)) = (handles.counter(method, status), handles.duration(method))
        {
            counter.increment(1);
            duration.record(seconds);
            return;
        }
        let (counter, duration) = self.register(route, method, status);
        counter.increment(1);
        duration.record(seconds);
    }

    /// Registers the handles of a (route, method, status) seen for the first time.
    fn register(&self, route: &str, method: &str, status: u16) -> (Counter, Histogram) {
        let (counter, duration) = with_local_recorder(self.recorder.as_ref(), || {
            let (route, method) = (route.to_string(), method.to_string());
            (
                metrics::counter!(
                    "binome_http_requests_total",
                    "route" => route.clone(),
                    "method" => method.clone(),
                    "status" => status.to_string()
                ),
                metrics::histogram!("binome_http_request_duration_seconds", "route" => route, "method" => method),
            )
        });
        // A poisoned lock only loses the cache: the handles above still count.
        if let Ok(mut routes) = self.routes.write() {
            let handles = routes.entry(route.to_string()).or_default();
            if handles.counter(method, status).is_none() {
                handles.counters.push((method.to_string(), status, counter.clone()));
            }
            if handles.duration(method).is_none() {
                handles.durations.push((method.to_string(), duration.clone()));
            }
        }
        (counter, duration)
    }

    /// Folds the request durations recorded since the last call into their buckets. Until a
    /// scrape or this, the exporter keeps every sample (24 bytes a request): `serve` calls it
    /// every few seconds so that an instance nobody scrapes does not grow.
    pub fn upkeep(&self) {
        self.recorder.handle().run_upkeep();
    }

    /// Counts one desk computed from the database (not served from this instance's memory).
    pub fn desk_computed(&self) {
        with_local_recorder(self.recorder.as_ref(), || {
            metrics::counter!("binome_desk_computations_total").increment(1);
        });
    }

    /// The text a scrape gets, with the database's figures as of `now_ms`.
    pub fn render(&self, figures: &Figures, now_ms: i64) -> String {
        with_local_recorder(self.recorder.as_ref(), || {
            for status in ["pending", "sending", "sent", "dead", "cancelled"] {
                let n = figures.outbox.get(status).copied().unwrap_or(0);
                metrics::gauge!("binome_outbox_messages", "status" => status).set(n as f64);
            }
            let waiting = figures.oldest_waiting_since.map_or(0, |t| (now_ms - t).max(0));
            metrics::gauge!("binome_outbox_oldest_waiting_seconds").set(waiting as f64 / 1000.0);
            metrics::gauge!("binome_jobs_due").set(figures.jobs_due as f64);
            metrics::gauge!("binome_jobs_overdue").set(figures.jobs_overdue as f64);
            metrics::gauge!("binome_jobs_dead").set(figures.jobs_dead as f64);
            metrics::gauge!("binome_alerts_open").set(figures.open_alerts as f64);
            metrics::gauge!("binome_people_waiting").set(figures.people_waiting as f64);
            metrics::gauge!("binome_people_waiting_average_seconds").set(figures.waited_average_ms as f64 / 1000.0);
            metrics::gauge!("binome_people_waiting_longest_seconds").set(figures.waited_longest_ms as f64 / 1000.0);
        });
        self.recorder.handle().render()
    }
}

impl RouteHandles {
    fn counter(&self, method: &str, status: u16) -> Option<&Counter> {
        self.counters
            .iter()
            .find(|(m, s, _)| m == method && *s == status)
            .map(|(_, _, counter)| counter)
    }

    fn duration(&self, method: &str) -> Option<&Histogram> {
        self.durations
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, histogram)| histogram)
    }
}
