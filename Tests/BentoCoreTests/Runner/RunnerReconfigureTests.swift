import Testing

@testable import BentoCore

/// `Runner.reconfigure`: what `serve` does to a service's runners with their `runners.<name>.*`
/// configuration and placement, after the code has built them.
@Suite(.timeLimit(.minutes(1)))
struct RunnerReconfigureTests {
    static let doubling: ClosureRunnable = .swift(workers: 3) { inputs in
        ["y": try Tensor(try inputs["x"]!.values(as: Float.self).map { $0 * 2 }, shape: inputs["x"]!.shape)]
    }
    static let remote: ClosureRunnable = .swift(workers: 7) { _ in ["y": try Tensor([Float(-1)], shape: [1])] }

    static func runner() throws -> Runner {
        try Runner(
            name: "doubler", runnable: doubling,
            methods: [RunnerMethod(name: "run", batchable: true, maxBatchSize: 64)]
        )
    }

    @Test func configurationOverridesWhatTheCodeDeclared() throws {
        let runner = try Self.runner()
        var configuration = RunnerConfiguration()
        try configuration.apply(overrides: ["runners.doubler.batching.max_batch_size": "8", "runners.doubler.workers": "2"], runner: "doubler")
        try runner.reconfigure(configuration)
        #expect(runner.methods["run"]?.maxBatchSize == 8)
        #expect(runner.workers == 2)
        #expect(runner.placement == .embedded)
        // Reconfiguring again starts from the code's declaration, not from the last configuration.
        try runner.reconfigure(.defaults)
        #expect(runner.methods["run"]?.maxBatchSize == 64)
        #expect(runner.workers == 3)
    }

    @Test func aPlacementOutOfProcessSendsCallsToTheClientUnbatched() async throws {
        let runner = try Self.runner()
        try runner.reconfigure(.defaults, placement: .process(replicas: 2), runnable: Self.remote)
        #expect(runner.placement == .process(replicas: 2))
        #expect(runner.runnable is ClosureRunnable)
        #expect(runner.declaredRunnable is ClosureRunnable)
        // No batcher runs here (runner.run() is not running), and the call still answers: it
        // went straight to the client.
        let out = try await runner.run(["x": try Tensor([Float(1), 2], shape: [2])], method: "run")
        #expect(try out["y"]!.values(as: Float.self) == [-1])
        // Back in process, the code's runnable does the work again, through its batcher.
        try runner.reconfigure(.defaults)
        let doubled = try await RunnerTests.withRunning(runner) {
            try await runner.run(["x": try Tensor([Float(1), 2], shape: [2])], method: "run")
        }
        #expect(try doubled["y"]!.values(as: Float.self) == [2, 4])
    }

    @Test func aLoadingRunnableMovedOutOfProcessIsNotLoadedHere() throws {
        let loader = LoadingRunnable(name: "m", workers: 1) { Self.doubling }
        let runner = try Runner(name: "m", runnable: loader, methods: [RunnerMethod(name: "run")])
        let service = BentoService(name: "s", runners: [runner])
        #expect(service.loadingRunnables.count == 1)
        try runner.reconfigure(.defaults, placement: .remote("http://10.0.0.5:3001"), runnable: Self.remote)
        #expect(service.loadingRunnables.isEmpty)
    }

    @Test func badConfigurationIsRefusedAndLeavesTheRunnerAsItWas() throws {
        let runner = try Self.runner()
        var configuration = RunnerConfiguration()
        configuration.batching.maxLatency = .zero
        #expect(throws: RunnerError.self) { try runner.reconfigure(configuration) }
        #expect(runner.methods["run"]?.maxBatchSize == 64)
    }
}
