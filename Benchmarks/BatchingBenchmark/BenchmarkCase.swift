import BentoCore

/// One workload: a runnable, how to build one caller's request, and the method's settings.
///
/// To measure another backend (the ONNX runnable for all-MiniLM-L6-v2, say), add a case to
/// ``BenchmarkCase/all`` whose `makeRunnable` builds it; the harness only sees `any Runnable`.
struct BenchmarkCase: Sendable {
    var name: String
    var callers: Int
    var method: RunnerMethod
    var makeRunnable: @Sendable () throws -> any Runnable
    var makeInputs: @Sendable (_ caller: Int) throws -> [String: Tensor]

    /// The simulated case: 2 ms + 0.05 ms per row, 64 callers, 2 workers.
    static func simulated(
        callers: Int = 64, maxLatency: Duration = RunnerConfiguration.Batching.defaultMaxLatency
    ) -> BenchmarkCase {
        BenchmarkCase(
            name: "sim 2ms+0.05ms/row",
            callers: callers,
            method: RunnerMethod(name: "predict", batchable: true, maxLatency: maxLatency),
            makeRunnable: { SimulatedRunnable(workers: 2, fixed: .milliseconds(2), perRow: .microseconds(50)) },
            makeInputs: { caller in ["x": try Tensor([Float](repeating: Float(caller), count: 4), shape: [1, 4])] }
        )
    }

    /// A MiniLM-sized stand-in (1.9 ms + 3.5 ms per row: all-MiniLM-L6-v2 at sequence length 32,
    /// 5.4 ms at batch 1 and 30 ms at batch 8 on this machine), 32 callers, 2 workers.
    static func miniLMSized(maxLatency: Duration) -> BenchmarkCase {
        BenchmarkCase(
            name: "MiniLM-sized sim",
            callers: 32,
            method: RunnerMethod(name: "embed", batchable: true, maxLatency: maxLatency),
            makeRunnable: { SimulatedRunnable(workers: 2, fixed: .microseconds(1900), perRow: .microseconds(3500)) },
            makeInputs: { caller in ["x": try Tensor([Float](repeating: Float(caller), count: 32), shape: [1, 32])] }
        )
    }

    /// The same case with batching off: one row per call, the same workers.
    var unbatched: BenchmarkCase {
        var copy = self
        copy.method.maxBatchSize = 1
        return copy
    }
}
