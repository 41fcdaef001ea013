import Synchronization
import Testing

@testable import BentoCore

/// End to end through the batcher, with a real Swift model (y = xW + b) and concurrent callers.
@Suite("AdaptiveBatcher", .timeLimit(.minutes(1)))
struct AdaptiveBatcherTests {
    static func method(maxBatchSize: Int = 8, maxLatency: Duration = .seconds(5)) -> RunnerMethod {
        RunnerMethod(name: "predict", batchable: true, maxBatchSize: maxBatchSize, maxLatency: maxLatency)
    }

    /// Runs `body` while the batcher's loop runs, then stops it.
    static func withRunning<C: Clock, T: Sendable>(
        _ batcher: AdaptiveBatcher<C>,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await batcher.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    @Test(arguments: [1, 3])
    func concurrentCallersGetTheirOwnRowsBack(workers: Int) async throws {
        let log = CallLog()
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(), runnable: Linear.runnable(workers: workers, log: log),
            workers: workers
        )
        var rng = SplitMix64(seed: UInt64(workers))
        let rowCounts = (0..<48).map { _ in Int.random(in: 1...11, using: &rng) }  // some exceed maxBatchSize
        try await Self.withRunning(batcher) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (caller, rows) in rowCounts.enumerated() {
                    group.addTask {
                        let x = try Linear.input(rows: rows, seed: caller)
                        let y = try await batcher.submit(["x": x])
                        #expect(y == ["y": try Linear.apply(x)], "caller \(caller)")
                    }
                }
                try await group.waitForAll()
            }
        }
        let calls = log.all
        #expect(calls.allSatisfy { $0["x"]!.shape[0] <= 8 })
        #expect(calls.reduce(0) { $0 + $1["x"]!.shape[0] } == rowCounts.reduce(0, +))
    }

    @TaskLocal static var caller: String?

    @Test func aLoneRequestRunsInItsCallersTaskAndQueuedOnesThroughTheLoop() async throws {
        // Which task ran the model shows in a task-local: the caller's is seen only when the
        // request ran inline; the batcher's run loop runs batches in tasks of its own.
        let seen = Mutex<[String?]>([])
        let gate = Gate()
        let gated = Mutex(false)
        let runnable = ClosureRunnable.swift(workers: 1) { inputs in
            seen.withLock { $0.append(Self.caller) }
            if gated.withLock({ $0 }) { await gate.wait() }
            return ["y": try Linear.apply(inputs["x"]!)]
        }
        let batcher = AdaptiveBatcher(runner: "linear", method: Self.method(), runnable: runnable, workers: 1)
        try await Self.withRunning(batcher) {
            await eventually { batcher.state.withLock { $0.running } }
            let x = try Linear.input(rows: 2, seed: 1)
            let alone = try await Self.$caller.withValue("first") { try await batcher.submit(["x": x]) }
            #expect(alone == ["y": try Linear.apply(x)])
            #expect(seen.withLock { $0 } == ["first"])
            // Now hold the worker busy: the next request must queue and run from the loop.
            gated.withLock { $0 = true }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await Self.$caller.withValue("busy") { try await batcher.submit(["x": x]) } }
                await eventually { batcher.inFlightCount == 1 }
                group.addTask {
                    let y = try await Self.$caller.withValue("queued") { try await batcher.submit(["x": x]) }
                    #expect(y == ["y": try Linear.apply(x)])
                }
                await eventually { batcher.queuedRequestCount == 1 }
                gated.withLock { $0 = false }
                gate.open()
                try await group.waitForAll()
            }
        }
        #expect(seen.withLock { $0 } == ["first", "busy", nil])
        #expect(batcher.inFlightCount == 0 && batcher.queuedRequestCount == 0)
    }

    @Test func aLoneRequestThatFailsInItsCallersTaskLeavesTheBatcherWorking() async throws {
        let fail = Mutex(true)
        let runnable = ClosureRunnable.swift(workers: 1) { inputs in
            if fail.withLock({ $0 }) { throw Linear.ShapeError() }
            return ["y": try Linear.apply(inputs["x"]!)]
        }
        let batcher = AdaptiveBatcher(runner: "linear", method: Self.method(), runnable: runnable, workers: 1)
        try await Self.withRunning(batcher) {
            await eventually { batcher.state.withLock { $0.running } }
            let x = try Linear.input(rows: 1, seed: 3)
            await #expect(throws: RunnerError.self) { try await batcher.submit(["x": x]) }
            fail.withLock { $0 = false }
            #expect(try await batcher.submit(["x": x]) == ["y": try Linear.apply(x)])
        }
        #expect(batcher.inFlightCount == 0)
    }

    @Test func requestsQueuedBehindABusyWorkerShareOneBatch() async throws {
        let log = CallLog()
        let gate = Gate()
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(maxBatchSize: 100), runnable: Linear.runnable(log: log, gate: gate),
            workers: 1
        )
        try await Self.withRunning(batcher) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await batcher.submit(["x": try Linear.input(rows: 1, seed: 0)]) }
                await eventually { batcher.inFlightCount == 1 }
                for caller in 1...10 {
                    group.addTask { _ = try await batcher.submit(["x": try Linear.input(rows: 1, seed: caller)]) }
                }
                await eventually { batcher.queuedRequestCount == 10 }
                gate.open()
                try await group.waitForAll()
            }
        }
        #expect(log.all.map { $0["x"]!.shape[0] } == [1, 10])
    }

    @Test func cancelledWaitingCallerIsNeverRun() async throws {
        let log = CallLog()
        let gate = Gate()
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(), runnable: Linear.runnable(log: log, gate: gate), workers: 1
        )
        let marked = try Linear.input(rows: 2, seed: 77)
        try await Self.withRunning(batcher) {
            async let first = batcher.submit(["x": try Linear.input(rows: 1, seed: 1)])
            await eventually { batcher.inFlightCount == 1 }
            let waiting = Task { try await batcher.submit(["x": marked]) }
            await eventually { batcher.queuedRequestCount == 1 }
            waiting.cancel()
            let error = await #expect(throws: RunnerError.self) { try await waiting.value }
            #expect(error?.code == .cancelled)
            #expect(batcher.queuedRequestCount == 0)
            gate.open()
            _ = try await first
        }
        #expect(log.all.count == 1)
        #expect(!log.all.contains { $0["x"] == marked })
    }

    @Test func overloadedRequestIsShed() async throws {
        let gate = Gate()
        // The starting latency model predicts 1.1 ms per single-row batch: a request that must wait
        // behind a running batch cannot finish within 1 ms.
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(maxLatency: .milliseconds(1)),
            runnable: Linear.runnable(gate: gate), workers: 1
        )
        try await Self.withRunning(batcher) {
            async let first = batcher.submit(["x": try Linear.input(rows: 1, seed: 1)])
            await eventually { batcher.inFlightCount == 1 }
            let error = await #expect(throws: RunnerError.self) {
                try await batcher.submit(["x": try Linear.input(rows: 1, seed: 2)])
            }
            #expect(error?.code == .overloaded)
            gate.open()
            let y = try await first
            #expect(y["y"]?.shape == [1, 3])
        }
    }

    @Test(arguments: [
        try! Tensor([Float](repeating: 1, count: 5), shape: [1, 5]),  // wrong trailing shape
        try! Tensor([Double](repeating: 1, count: 4), shape: [1, 4]),  // wrong dtype
        try! Tensor([Float](repeating: 1, count: 4), shape: [4]),  // wrong rank
    ])
    func mismatchedRequestIsRejectedWithoutFailingNeighbours(bad: Tensor) async throws {
        let gate = Gate()
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(), runnable: Linear.runnable(gate: gate), workers: 1
        )
        try await Self.withRunning(batcher) {
            async let first = batcher.submit(["x": try Linear.input(rows: 1, seed: 1)])
            await eventually { batcher.inFlightCount == 1 }
            async let neighbour = batcher.submit(["x": try Linear.input(rows: 2, seed: 2)])
            await eventually { batcher.queuedRequestCount == 1 }
            let error = await #expect(throws: RunnerError.self) { try await batcher.submit(["x": bad]) }
            #expect(error?.code == .invalidInput)
            let wrongName = await #expect(throws: RunnerError.self) {
                try await batcher.submit(["z": try Linear.input(rows: 1, seed: 3)])
            }
            #expect(wrongName?.code == .invalidInput)
            gate.open()
            _ = try await first
            #expect(try await neighbour == ["y": try Linear.apply(try Linear.input(rows: 2, seed: 2))])
        }
    }

    @Test func aBadFirstRequestDoesNotLockOutGoodOnes() async throws {
        let batcher = AdaptiveBatcher(runner: "linear", method: Self.method(), runnable: Linear.runnable(), workers: 1)
        try await Self.withRunning(batcher) {
            let bad = try Tensor([Float](repeating: 1, count: 5), shape: [1, 5])
            let error = await #expect(throws: RunnerError.self) { try await batcher.submit(["x": bad]) }
            #expect(error?.code == .runnableFailed)
            let x = try Linear.input(rows: 2, seed: 5)
            #expect(try await batcher.submit(["x": x]) == ["y": try Linear.apply(x)])
        }
    }

    @Test func runnerWithoutBatchableMethodsRunsUntilCancelled() async throws {
        let runner = try Runner(name: "plain", runnable: Linear.runnable(), methods: [RunnerMethod(name: "predict")])
        let loop = Task { await runner.run() }
        let x = try Linear.input(rows: 1, seed: 1)
        #expect(try await runner.run(["x": x], method: "predict") == ["y": try Linear.apply(x)])
        loop.cancel()
        await loop.value
    }

    @Test func stoppedBatcherFailsQueuedAndNewRequests() async throws {
        let gate = Gate()
        let batcher = AdaptiveBatcher(
            runner: "linear", method: Self.method(), runnable: Linear.runnable(gate: gate), workers: 1
        )
        let loop = Task { await batcher.run() }
        let running = Task { try await batcher.submit(["x": try Linear.input(rows: 1, seed: 1)]) }
        await eventually { batcher.inFlightCount == 1 }
        let queued = Task { try await batcher.submit(["x": try Linear.input(rows: 1, seed: 2)]) }
        await eventually { batcher.queuedRequestCount == 1 }
        loop.cancel()
        gate.open()
        await loop.value
        let error = await #expect(throws: RunnerError.self) { try await queued.value }
        #expect(error?.code == .shutdown)
        _ = await running.result  // ran, or failed with shutdown: either way answered
        let late = await #expect(throws: RunnerError.self) {
            try await batcher.submit(["x": try Linear.input(rows: 1, seed: 3)])
        }
        #expect(late?.code == .shutdown)
    }
}
