import BentoCore

/// A runnable whose call costs `fixed + perRow · n` for a batch of `n` rows, spent in a real
/// sleep on the continuous clock (not a busy-wait): it stands for work done off the caller's
/// cores (an accelerator, or a backend's own threads), so the figures measure the batcher and
/// not contention for the two shared cores. It returns its input as `y`.
struct SimulatedRunnable: Runnable {
    let workers: Int
    let fixed: Duration
    let perRow: Duration

    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        let x = inputs["x"]!
        let clock = ContinuousClock()
        let rows = x.shape.first ?? 1
        try await clock.sleep(until: clock.now.advanced(by: fixed + perRow * rows), tolerance: nil)
        return ["y": x]
    }
}
