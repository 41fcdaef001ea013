import Metrics
import Prometheus

/// The swift-metrics backend: swift-prometheus's factory, except that every metric gets a
/// `# HELP` line (promtool's lint requires one, and swift-metrics has no help text of its own).
///
/// Runner metrics (`bentoml_runner_*`) get BentoML's descriptions; others a generic one.
struct DocumentedMetricsFactory: MetricsFactory {
    let base: PrometheusMetricsFactory
    var registry: PrometheusCollectorRegistry { base.registry }

    static let knownHelp: [String: String] = [
        "bentoml_runner_request_total": "Runner calls, by runner and status",
        "bentoml_runner_request_duration_seconds": "Time of a runner call, by runner and status",
        "bentoml_runner_request_in_progress": "Runner calls in flight, by runner",
        "bentoml_runner_adaptive_batch_size": "Size of the batches the adaptive batcher runs, by runner",
    ]

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: label,
            unitName: "",
            helpText: Self.knownHelp[label] ?? "SwiftBento metric \(label)"
        )
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        return registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        return registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        let buckets = base.valueHistogramBuckets[label] ?? base.defaultValueHistogramBuckets
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        return registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let (label, dimensions) = base.nameAndLabelSanitizer(label, dimensions)
        let buckets = base.durationHistogramBuckets[label] ?? base.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) { base.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { base.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { base.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { base.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { base.destroyTimer(handler) }
}
