import Metrics
import Synchronization

/// The swift-metrics instruments of one batcher, with BentoML's names and labels.
///
/// - `bentoml_runner_adaptive_batch_size` (recorder, a histogram in Prometheus): rows per batch,
///   labelled `runner_name`, `worker_index`, `method_name` and the service's labels.
/// - `bentoml_runner_queue_wait_duration_seconds` (timer): time from arrival to dispatch.
/// - `bentoml_runner_execution_duration_seconds` (timer): one batch's run, per worker.
/// - `bentoml_runner_requests_shed_total` (counter): requests shed as overloaded.
///
/// ```swift
/// let metrics = BatchingMetrics(runner: "iris", method: "predict", workers: 2, dimensions: [])
/// metrics.batchRan(rows: 8, worker: 0, duration: .milliseconds(3))
/// ```
package struct BatchingMetrics: Sendable {
    private struct Instruments {
        var batchSize: [Recorder]
        var execution: [Timer]
        var queueWait: Timer
        var shed: Counter
    }

    /// The instruments are made on first use, not at init: runners are usually built before the
    /// server bootstraps the metrics system, and instruments made earlier would report nowhere.
    private final class Lazy: Sendable {
        let make: @Sendable () -> Instruments
        let made = Mutex<Instruments?>(nil)
        init(make: @escaping @Sendable () -> Instruments) { self.make = make }
        var instruments: Instruments {
            made.withLock { made in
                if let made { return made }
                let fresh = make()
                made = fresh
                return fresh
            }
        }
    }

    private let lazy: Lazy

    package init(runner: String, method: String, workers: Int, dimensions: [(String, String)]) {
        let base = [("runner_name", runner), ("method_name", method)] + dimensions
        lazy = Lazy {
            func worker(_ index: Int) -> [(String, String)] { base + [("worker_index", String(index))] }
            return Instruments(
                batchSize: (0..<workers).map {
                    Recorder(label: "bentoml_runner_adaptive_batch_size", dimensions: worker($0), aggregate: true)
                },
                execution: (0..<workers).map {
                    Timer(label: "bentoml_runner_execution_duration_seconds", dimensions: worker($0))
                },
                queueWait: Timer(label: "bentoml_runner_queue_wait_duration_seconds", dimensions: base),
                shed: Counter(label: "bentoml_runner_requests_shed_total", dimensions: base)
            )
        }
    }

    /// A batch of `rows` rows ran on `worker` for `duration`.
    package func batchRan(rows: Int, worker: Int, duration: Duration) {
        let instruments = lazy.instruments
        guard instruments.batchSize.indices.contains(worker) else { return }
        instruments.batchSize[worker].record(rows)
        instruments.execution[worker].recordNanoseconds(Self.nanoseconds(duration))
    }

    /// A request waited `duration` in the queue before its first rows were dispatched.
    package func waited(_ duration: Duration) {
        lazy.instruments.queueWait.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// `count` requests were shed.
    package func shed(_ count: Int) {
        lazy.instruments.shed.increment(by: count)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
