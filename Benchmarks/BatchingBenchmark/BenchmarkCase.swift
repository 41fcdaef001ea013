import BentoCore
import BentoONNX

/// One workload: a runnable, how to build one caller's request, and the method's settings.
///
/// To measure another backend, add a case whose `makeRunnable` builds it (``miniLM(modelAt:workers:intraOpThreads:maxLatency:)``
/// builds the real ONNX one); the harness only sees `any Runnable`.
struct BenchmarkCase: Sendable {
    var name: String
    var callers: Int
    var method: RunnerMethod
    var makeRunnable: @Sendable () async throws -> any Runnable
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

    /// all-MiniLM-L6-v2 (int8, ONNX) through the real ``ONNXRunnable``: 32 callers, each sending
    /// one sentence of 32 token ids ([CLS], 30 word pieces, [SEP]; different per caller) and
    /// getting `last_hidden_state` [1, 32, 384] back. Up to `workers` calls run at once on the one
    /// session, each on `intraOpThreads` ONNX Runtime threads (one inter-op thread).
    static func miniLM(
        modelAt path: String, workers: Int, intraOpThreads: Int, maxLatency: Duration
    ) -> BenchmarkCase {
        BenchmarkCase(
            name: "MiniLM ONNX \(workers)w×\(intraOpThreads)t",
            callers: 32,
            method: RunnerMethod(name: ONNXRunnable.method, batchable: true, maxLatency: maxLatency),
            makeRunnable: {
                var configuration = ONNXRuntime.Configuration.defaults
                configuration.workers = workers
                configuration.session.intraOpThreads = intraOpThreads
                configuration.session.interOpThreads = 1
                return try await ONNXRunnable.load(modelAt: path, configuration: configuration)
            },
            makeInputs: { caller in try miniLMInputs(caller: caller) }
        )
    }

    /// One sentence of `sequence` token ids for `caller`: [CLS] ... [SEP], all attended, segment 0.
    static func miniLMInputs(caller: Int, sequence: Int = 32) throws -> [String: Tensor] {
        var ids: [Int64] = [101]
        for column in 1..<(sequence - 1) { ids.append(Int64(1000 + (caller * 7919 + column * 104_729) % 28_000)) }
        ids.append(102)
        return [
            "input_ids": try Tensor(ids, shape: [1, sequence]),
            "attention_mask": try Tensor([Int64](repeating: 1, count: sequence), shape: [1, sequence]),
            "token_type_ids": try Tensor([Int64](repeating: 0, count: sequence), shape: [1, sequence]),
        ]
    }

    /// The same case with batching off: one row per call, the same workers.
    var unbatched: BenchmarkCase {
        var copy = self
        copy.method.maxBatchSize = 1
        return copy
    }
}
