import BentoCore
import Synchronization

/// Wraps a runnable and counts its calls and rows, to report the mean batch size.
final class CountingRunnable: Runnable {
    let base: any Runnable
    private let counts = Mutex<(calls: Int, rows: Int)>((0, 0))

    init(_ base: any Runnable) { self.base = base }

    var workers: Int { base.workers }

    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        let rows = inputs.values.first?.shape.first ?? 0
        counts.withLock {
            $0.calls += 1; $0.rows += rows
        }
        return try await base.run(inputs, method: method)
    }

    /// Rows per call since the last reset.
    var meanBatchSize: Double { counts.withLock { $0.calls == 0 ? 0 : Double($0.rows) / Double($0.calls) } }

    func reset() { counts.withLock { $0 = (0, 0) } }
}
