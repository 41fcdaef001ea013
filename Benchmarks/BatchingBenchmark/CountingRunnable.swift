import BentoCore
import Synchronization

/// Wraps a runnable and records each call's rows and run time, to report the batch sizes and
/// what one batch costs.
final class CountingRunnable: Runnable {
    let base: any Runnable
    private let calls = Mutex<[(rows: Int, duration: Duration)]>([])

    init(_ base: any Runnable) { self.base = base }

    var workers: Int { base.workers }

    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        let rows = inputs.values.first?.shape.first ?? 0
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let duration = start.duration(to: clock.now)
            calls.withLock { $0.append((rows, duration)) }
        }
        return try await base.run(inputs, method: method)
    }

    /// Rows per call since the last reset.
    var meanBatchSize: Double {
        calls.withLock { $0.isEmpty ? 0 : Double($0.reduce(0) { $0 + $1.rows }) / Double($0.count) }
    }

    /// The batch sizes since the last reset, in call order.
    var batchSizes: [Int] { calls.withLock { $0.map(\.rows) } }

    /// The run times of the calls since the last reset, in call order.
    var batchDurations: [Duration] { calls.withLock { $0.map(\.duration) } }

    func reset() { calls.withLock { $0.removeAll(keepingCapacity: true) } }
}
