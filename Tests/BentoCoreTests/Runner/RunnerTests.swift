import Testing

@testable import BentoCore

@Suite("Runner", .timeLimit(.minutes(1)))
struct RunnerTests {
    static func withRunning<T: Sendable>(_ runner: Runner, _ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runner.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    @Test func batchedOutputsEqualUnbatchedRuns() async throws {
        let runner = try Runner(
            name: "linear",
            runnable: Linear.runnable(workers: 2),
            // Outputs are the point here, not shedding: a busy machine must not shed these.
            methods: [RunnerMethod(name: "predict", batchable: true, maxBatchSize: 16, maxLatency: .seconds(60))]
        )
        try await Self.withRunning(runner) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<64 {
                    group.addTask {
                        let x = try Linear.input(rows: caller % 5 + 1, seed: caller)
                        let batched = try await runner.run(["x": x], method: "predict")
                        let unbatched = try await runner.runnable.run(["x": x], method: "predict")
                        #expect(batched == unbatched)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func nonBatchableCallsAreNeverThrottled() async throws {
        // Every call waits until all 12 are running at once: a queue, a worker limit or a
        // max_latency timeout in the way would fail or hang this test.
        let arrived = CallLog()
        let barrier = Gate()
        let runner = try Runner(
            name: "slow",
            runnable: .swift(workers: 1) { inputs in
                arrived.append(inputs)
                if arrived.all.count == 12 { barrier.open() }
                await barrier.wait()
                try await Task.sleep(for: .milliseconds(20))  // longer than max_latency
                return inputs
            },
            methods: [RunnerMethod(name: "echo", batchable: false, maxBatchSize: 1, maxLatency: .milliseconds(1))]
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<12 {
                group.addTask {
                    let x = Tensor([Int64(caller)])
                    let y = try await runner.run(["x": x], method: "echo")
                    #expect(y == ["x": x])
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func unknownMethodIsAnError() async throws {
        let runner = try Runner(name: "linear", runnable: Linear.runnable(), methods: [RunnerMethod(name: "predict")])
        let error = await #expect(throws: RunnerError.self) {
            try await runner.run(["x": try Linear.input(rows: 1, seed: 0)], method: "nope")
        }
        #expect(error?.code == .unknownMethod)
    }

    @Test func configurationOverridesTheCode() throws {
        var config = RunnerConfiguration()
        try config.apply(
            overrides: [
                "runners.linear.batching.max_batch_size": "7", "runners.linear.workers": "3",
                "runners.batching.max_latency_ms": "250",
            ],
            runner: "linear"
        )
        let runner = try Runner(
            name: "linear", runnable: Linear.runnable(),
            methods: [RunnerMethod(name: "predict", batchable: true, maxBatchSize: 64), RunnerMethod(name: "info")],
            configuration: config
        )
        #expect(runner.workers == 3)
        #expect(runner.methods["predict"]?.maxBatchSize == 7)
        #expect(runner.methods["predict"]?.maxLatency == .milliseconds(250))
        #expect(runner.methods["info"]?.batchable == false)

        var off = RunnerConfiguration()
        try off.apply(overrides: ["runners.batching.enabled": "false"], runner: "linear")
        let unbatched = try Runner(
            name: "linear", runnable: Linear.runnable(),
            methods: [RunnerMethod(name: "predict", batchable: true)], configuration: off)
        #expect(unbatched.methods["predict"]?.batchable == false)
    }

    @Test func invalidSettingsAreRejected() {
        #expect(throws: RunnerError.self) {
            try Runner(
                name: "r", runnable: Linear.runnable(),
                methods: [RunnerMethod(name: "m", batchable: true, maxBatchSize: 0)])
        }
        #expect(throws: RunnerError.self) {
            try Runner(
                name: "r", runnable: Linear.runnable(), methods: [RunnerMethod(name: "m"), RunnerMethod(name: "m")])
        }
    }

    @Test func paddedInputsRoundTrip() async throws {
        // h[i, j] = [id * 2, id + 1] over a [n, S] id tensor; total[i] = sum of row i.
        let log = CallLog()
        let gate = Gate()
        let runnable = ClosureRunnable { inputs, _ in
            log.append(inputs)
            if log.all.count == 1 { await gate.wait() }
            let ids = inputs["ids"]!
            let values = try ids.values(as: Int64.self)
            let h = values.flatMap { [Float($0 * 2), Float($0 + 1)] }
            let (n, s) = (ids.shape[0], ids.shape[1])
            let totals = (0..<n).map { row in values[(row * s)..<((row + 1) * s)].reduce(0, +) }
            return ["h": try Tensor(h, shape: [n, s, 2]), "total": Tensor(totals)]
        }
        let method = RunnerMethod(
            name: "embed", batchable: true, padding: ["ids": .init(axis: 1, value: 0)], paddedOutputs: ["h": 1]
        )
        let runner = try Runner(name: "tokens", runnable: runnable, methods: [method])
        let short = try Tensor([101, 7, 102] as [Int64], shape: [1, 3])
        let long = try Tensor([101, 5, 6, 7, 8, 102, 1, 2, 3, 4] as [Int64], shape: [2, 5])
        try await Self.withRunning(runner) {
            async let first = runner.run(["ids": short], method: "embed")
            await eventually { log.all.count == 1 }
            async let a = runner.run(["ids": short], method: "embed")
            async let b = runner.run(["ids": long], method: "embed")
            await eventually { runner.queuedRequestCount(method: "embed") == 2 }
            gate.open()
            let direct = try await runnable.run(["ids": short], method: "embed")
            #expect(try await first == direct)
            let outA = try await a
            let outB = try await b
            #expect(outA == direct)
            #expect(outA["h"]?.shape == [1, 3, 2])
            #expect(outB == (try await runnable.run(["ids": long], method: "embed")))
        }
        // Both queued requests went out as one padded batch of 3 rows.
        let joined = try #require(log.all.first { $0["ids"]!.shape[0] == 3 })
        #expect(joined["ids"]!.shape == [3, 5])
        let values = try joined["ids"]!.values(as: Int64.self)
        let rows = (0..<3).map { Array(values[($0 * 5)..<($0 * 5 + 5)]) }
        #expect(rows.contains([101, 7, 102, 0, 0]))
    }
}
