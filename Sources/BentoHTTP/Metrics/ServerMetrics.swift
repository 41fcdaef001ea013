import Metrics
import Prometheus
import Synchronization

/// The API server's Prometheus metrics, named as BentoML's, and the process-wide registry that
/// the runners' swift-metrics also report into.
///
/// `bentoml_api_server_request_total`, `bentoml_api_server_request_duration_seconds` and
/// `bentoml_api_server_request_in_progress`, labelled `endpoint`, `service_name`,
/// `service_version` and (but for in-progress) `http_response_code`.
final class ServerMetrics: Sendable {
    /// The registry `/metrics` shows. Shared by every server in the process, as the swift-metrics
    /// backend is.
    static let registry = PrometheusCollectorRegistry()

    private static let bootstrap: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(DocumentedMetricsFactory(base: factory))
    }()

    /// Makes the Prometheus registry the swift-metrics backend, once per process, so runner
    /// metrics (`bentoml_runner_*`) show on `/metrics`.
    static func bootstrapMetricsSystem() { _ = bootstrap }

    /// Buckets from 100 µs to 10 s: this server answers most requests in under a millisecond.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static var totalName: MetricNameDescriptor {
        descriptor("request", unit: "total", help: "Requests answered, by endpoint and status")
    }
    static var durationName: MetricNameDescriptor {
        descriptor("request_duration", unit: "seconds", help: "Time from request head to response, by endpoint and status")
    }
    static var inProgressName: MetricNameDescriptor {
        descriptor("request", unit: "in_progress", help: "Requests being handled, by endpoint")
    }

    private static func descriptor(_ name: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "bentoml", subsystem: "api_server", metricName: name, unitName: unit, helpText: help)
    }

    let serviceName: String
    let serviceVersion: String

    init(serviceName: String, serviceVersion: String) {
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
    }

    /// The metrics of one endpoint; made once per route when the server starts. `eager` makes
    /// its 200 series up front (APIs and infer calls, which then show from the start).
    func endpoint(_ endpoint: String, eager: Bool) -> EndpointMetrics {
        EndpointMetrics(
            registry: Self.registry,
            labels: [("endpoint", endpoint), ("service_name", serviceName), ("service_version", serviceVersion)],
            eager: eager
        )
    }

    /// The Prometheus text exposition of everything in the registry.
    static func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}

/// One endpoint's metrics. For API and infer routes the 200 series are made up front, so the
/// common case touches only the metrics themselves; other series are looked up in the registry.
final class EndpointMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let labels: [(String, String)]
    private let inProgress: Prometheus.Gauge
    private let ok: (total: Prometheus.Counter, duration: DurationHistogram)?

    init(registry: PrometheusCollectorRegistry, labels: [(String, String)], eager: Bool) {
        self.registry = registry
        self.labels = labels
        self.inProgress = registry.makeGauge(descriptor: ServerMetrics.inProgressName, labels: labels)
        if eager {
            let labels = labels + [("http_response_code", "200")]
            self.ok = (
                registry.makeCounter(descriptor: ServerMetrics.totalName, labels: labels),
                registry.makeDurationHistogram(
                    descriptor: ServerMetrics.durationName,
                    labels: labels,
                    buckets: ServerMetrics.durationBuckets
                )
            )
        } else {
            self.ok = nil
        }
    }

    /// A request starts (in progress + 1).
    func started() { inProgress.increment() }

    /// A request ends (in progress − 1).
    func finished() { inProgress.decrement() }

    /// Counts one answered request.
    func record(status: Int, duration: Duration) {
        if status == 200, let ok {
            ok.total.increment()
            ok.duration.record(duration)
            return
        }
        let labels = self.labels + [("http_response_code", String(status))]
        registry.makeCounter(descriptor: ServerMetrics.totalName, labels: labels).increment()
        registry.makeDurationHistogram(descriptor: ServerMetrics.durationName, labels: labels, buckets: ServerMetrics.durationBuckets)
            .record(duration)
    }
}
