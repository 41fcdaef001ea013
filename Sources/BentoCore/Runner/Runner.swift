import Synchronization

/// A runnable, its methods, how many calls it may run at once, and where it runs.
///
/// `run(_:method:)` sends a batchable method's calls through that method's adaptive batcher and
/// a non-batchable method's calls straight to the runnable. The batchers work while ``run()``
/// runs, which the owner (the server's task group, or a test) starts once.
///
/// ```swift
/// let runner = try Runner(
///     name: "linear",
///     runnable: .swift(workers: 2) { inputs in ["y": try model(inputs["x"]!)] },
///     methods: [RunnerMethod(name: "predict", batchable: true, maxBatchSize: 64)]
/// )
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await runner.run() }
///     let out = try await runner.run(["x": x], method: "predict")
///     group.cancelAll()
/// }
/// ```
public final class Runner: Sendable {
    /// The runner's name, as in `runners.<name>` configuration and the `runner_name` label.
    public let name: String
    /// The runnable that does the work (the runner client once placed out of process).
    public var runnable: any Runnable { setup.withLock { $0.runnable } }
    /// The methods by name, with the configuration already applied.
    public var methods: [String: RunnerMethod] { setup.withLock { $0.methods } }
    /// How many calls (batches) of each method may run at once.
    public var workers: Int { setup.withLock { $0.workers } }
    /// Where the runnable runs.
    public var placement: Placement { setup.withLock { $0.placement } }
    /// The runnable, methods and workers as the code declared them, for ``reconfigure(_:placement:runnable:)``.
    private let declared: Declaration
    private let setup: Mutex<Setup>

    private struct Declaration: Sendable {
        var runnable: any Runnable
        var methods: [RunnerMethod]
        var workers: Int?
        var configuration: RunnerConfiguration
        var metricDimensions: [(String, String)]
    }

    private struct Setup: Sendable {
        var runnable: any Runnable
        var methods: [String: RunnerMethod]
        var workers: Int
        var placement: Placement
        var batchers: [String: AdaptiveBatcher<ContinuousClock>]
    }

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - workers: batches in flight per method; `nil` takes the runnable's ``Runnable/workers``.
    ///   - configuration: overrides from the configuration file, applied over the code's settings.
    ///   - metricDimensions: extra labels for every metric, such as `service_name` and `service_version`.
    /// - Throws: ``RunnerError/Code/invalidConfiguration`` for settings out of range or duplicate methods.
    public init(
        name: String,
        runnable: any Runnable,
        methods: [RunnerMethod],
        workers: Int? = nil,
        placement: Placement = .embedded,
        configuration: RunnerConfiguration = .defaults,
        metricDimensions: [(String, String)] = []
    ) throws(RunnerError) {
        let declared = Declaration(
            runnable: runnable, methods: methods, workers: workers, configuration: configuration,
            metricDimensions: metricDimensions
        )
        self.name = name
        self.declared = declared
        self.setup = Mutex(try Self.setup(name, declared, configuration: configuration, placement: placement, runnable: runnable))
    }

    /// Applies configuration over what the code declared, and moves the runner to `placement`
    /// with `runnable` (the runner client, for a placement out of process) doing its work; `nil`
    /// keeps the code's runnable. `bento serve` does this for a service's runners with their
    /// `runners.<name>.*` keys, before they run; calls made meanwhile see the old or the new setup.
    ///
    /// - Throws: ``RunnerError/Code/invalidConfiguration`` for settings out of range.
    package func reconfigure(
        _ configuration: RunnerConfiguration, placement: Placement = .embedded, runnable: (any Runnable)? = nil
    ) throws(RunnerError) {
        let merged = declared.configuration.overridden(by: configuration)
        let new = try Self.setup(name, declared, configuration: merged, placement: placement, runnable: runnable ?? declared.runnable)
        setup.withLock { $0 = new }
    }

    /// The runnable the code gave, whatever the placement (what a runner's own process hosts).
    package var declaredRunnable: any Runnable { declared.runnable }

    /// The methods as the code declared them, before configuration.
    package var declaredMethods: [RunnerMethod] { declared.methods }

    private static func setup(
        _ name: String, _ declared: Declaration, configuration: RunnerConfiguration, placement: Placement,
        runnable: any Runnable
    ) throws(RunnerError) -> Setup {
        let workers = configuration.workers ?? declared.workers ?? runnable.workers
        guard workers >= 1 else {
            throw RunnerError(.invalidConfiguration, "runner '\(name)': workers must be at least 1, got \(workers)")
        }
        var byName: [String: RunnerMethod] = [:]
        for var method in declared.methods {
            guard byName[method.name] == nil else {
                throw RunnerError(.invalidConfiguration, "runner '\(name)' declares method '\(method.name)' twice")
            }
            if method.batchable {
                if let enabled = configuration.batching.enabled { method.batchable = enabled }
                if let size = configuration.batching.maxBatchSize { method.maxBatchSize = size }
                if let latency = configuration.batching.maxLatency { method.maxLatency = latency }
            }
            try method.validate(runner: name)
            byName[method.name] = method
        }
        var batchers: [String: AdaptiveBatcher<ContinuousClock>] = [:]
        // Out of process, the runner server batches; here calls go straight to the client.
        for method in byName.values where method.batchable && placement.isEmbedded {
            batchers[method.name] = AdaptiveBatcher(
                runner: name, method: method, runnable: runnable, workers: workers,
                metricDimensions: declared.metricDimensions
            )
        }
        return Setup(runnable: runnable, methods: byName, workers: workers, placement: placement, batchers: batchers)
    }

    /// Runs one call of `method`, batched with concurrent calls when the method is batchable.
    ///
    /// - Throws: ``RunnerError``: ``RunnerError/Code/unknownMethod``, the batcher's errors
    ///   (see ``AdaptiveBatcher/submit(_:)``), or ``RunnerError/Code/runnableFailed``.
    public func run(_ inputs: [String: Tensor], method: String = "__call__") async throws -> [String: Tensor] {
        let (batcher, runnable, known) = setup.withLock { ($0.batchers[method], $0.runnable, $0.methods[method] != nil) }
        if let batcher {
            return try await batcher.submit(inputs)
        }
        guard known else {
            let methods = self.methods
            throw RunnerError(
                .unknownMethod,
                "runner '\(name)' has no method '\(method)'; it has \(methods.keys.sorted().joined(separator: ", "))"
            )
        }
        do {
            return try await runnable.run(inputs, method: method)
        } catch let error as RunnerError {
            throw error
        } catch {
            throw RunnerError(.runnableFailed, "runner '\(name)' method '\(method)' failed: \(error)", cause: error)
        }
    }

    /// The requests waiting in `method`'s batcher (for tests and introspection).
    package func queuedRequestCount(method: String) -> Int {
        setup.withLock { $0.batchers[method] }?.queuedRequestCount ?? 0
    }

    /// Runs the runner's batchers until the calling task is cancelled (ServiceLifecycle style).
    public func run() async {
        let batchers = setup.withLock { $0.batchers }
        await withDiscardingTaskGroup { group in
            for batcher in batchers.values {
                group.addTask { await batcher.run() }
            }
            if batchers.isEmpty {
                // Nothing to run, but a service returns only when it is told to stop.
                let (untilCancelled, continuation) = AsyncStream.makeStream(of: Never.self)
                for await _ in untilCancelled {}
                continuation.finish()
            }
        }
    }
}
