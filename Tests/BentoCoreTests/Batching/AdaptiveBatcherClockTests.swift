import Testing

@testable import BentoCore

/// The batcher's timers under a manual clock: nothing here depends on real time.
@Suite("AdaptiveBatcher with a manual clock", .timeLimit(.minutes(1)))
struct AdaptiveBatcherClockTests {
    @Test func denseArrivalsWaitForTheTimerThenGoTogether() async throws {
        let clock = ManualClock()
        let log = CallLog()
        let gate = Gate()
        // The first batch takes 2 ms of manual time, so the model learns b ≈ 2 ms.
        let runnable = ClosureRunnable { inputs, _ in
            log.append(inputs)
            if log.all.count == 1 {
                await gate.wait()
                clock.advance(by: .milliseconds(2))
            }
            return ["y": try Linear.apply(inputs["x"]!)]
        }
        let batcher = AdaptiveBatcher(
            runner: "linear", method: AdaptiveBatcherTests.method(maxBatchSize: 100), runnable: runnable, workers: 1,
            clock: clock
        )
        try await AdaptiveBatcherTests.withRunning(batcher) {
            _ = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await batcher.submit(["x": try Linear.input(rows: 1, seed: 0)]) }
                await eventually { batcher.inFlightCount == 1 }
                // Two more arrive 0.1 ms apart while the worker is busy: rows come densely.
                for caller in 1...2 {
                    clock.advance(by: .microseconds(100))
                    group.addTask { _ = try await batcher.submit(["x": try Linear.input(rows: 1, seed: caller)]) }
                    await eventually { batcher.queuedRequestCount == caller }
                }
                gate.open()
                // The first batch finishes; waiting for a third row now costs less than a batch's
                // fixed cost, so the two stay queued until two gaps (0.2 ms) pass without one.
                await eventually { log.all.count == 1 && batcher.inFlightCount == 0 }
                #expect(batcher.queuedRequestCount == 2)
                clock.advance(by: .microseconds(300))
                try await group.waitForAll()
            }
        }
        #expect(log.all.map { $0["x"]!.shape[0] } == [1, 2])
    }
}
