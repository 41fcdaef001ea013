import Synchronization

/// Coalesces concurrent calls of one batchable method into batched runnable calls.
///
/// Callers ``submit(_:)`` their inputs and await their own outputs. The decisions (when to send,
/// what to shed) come from a ``BatchingStateMachine``; this class feeds it events from callers,
/// finished batches and timers, and carries out its actions: it joins inputs, runs the runnable,
/// splits outputs back per request and resumes every caller exactly once. A cancelled caller
/// leaves the queue and is never run.
///
/// Nothing runs until ``run()`` does: it owns the batches in flight and the timers as child
/// tasks, and returns when its task is cancelled, failing what is still queued.
///
/// ```swift
/// let batcher = AdaptiveBatcher(runner: "linear", method: method, runnable: model, workers: 2)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await batcher.run() }
///     let y = try await batcher.submit(["x": x])
///     group.cancelAll()
/// }
/// ```
public final class AdaptiveBatcher<C: Clock>: Sendable where C.Duration == Duration {
    package typealias Machine = BatchingStateMachine<C.Instant>
    typealias Outputs = [String: Tensor]

    struct Job: Sendable {
        var batch: Machine.Batch
        var parts: [BatchAssembly.Part]
    }

    enum Command: Sendable {
        case execute(Job)
        case timer(C.Instant)
    }

    enum Effect: Sendable {
        case resume(CheckedContinuation<Outputs, any Error>, Result<Outputs, RunnerError>)
        case execute(Job)
        case timer(C.Instant)
    }

    struct Waiter: Sendable {
        var continuation: CheckedContinuation<Outputs, any Error>
        var inputs: [String: Tensor]
        var rows: Int
        var arrival: C.Instant
        var pieces: [(start: Int, outputs: Outputs)] = []
        var rowsDone = 0
    }

    struct State: Sendable {
        var machine: Machine
        var waiters: [UInt64: Waiter] = [:]
        var registering: Set<UInt64> = []
        var cancelledEarly: Set<UInt64> = []
        var template: BatchTemplate?
        /// Whether a batch built on the learned template ran; until then a failure forgets it.
        var templateConfirmed = false
        var running = false
        var nextID: UInt64 = 0
        var stopped = false
    }

    /// The method this batcher serves.
    public let method: RunnerMethod
    /// The runner's name, for messages and metrics.
    public let runnerName: String
    let runnable: any Runnable
    let clock: C
    let metrics: BatchingMetrics
    let state: Mutex<State>
    let commands: AsyncStream<Command>
    let commandSink: AsyncStream<Command>.Continuation

    /// Creates a batcher for `method`, running at most `workers` batches of `runnable` at once.
    public init(
        runner: String,
        method: RunnerMethod,
        runnable: any Runnable,
        workers: Int,
        clock: C,
        metricDimensions: [(String, String)] = []
    ) {
        let workers = max(1, workers)
        self.method = method
        self.runnerName = runner
        self.runnable = runnable
        self.clock = clock
        self.metrics = BatchingMetrics(
            runner: runner, method: method.name, workers: workers, dimensions: metricDimensions)
        self.state = Mutex(
            State(machine: Machine(maxBatchSize: method.maxBatchSize, maxLatency: method.maxLatency, workers: workers))
        )
        (commands, commandSink) = AsyncStream.makeStream(of: Command.self)
    }

    /// The requests waiting in the queue (for tests and introspection).
    package var queuedRequestCount: Int { state.withLock { $0.machine.queuedRequests.count } }
    /// The batches running now.
    package var inFlightCount: Int { state.withLock { $0.machine.inFlightCount } }
    /// The learned latency model.
    package var latencyModel: LatencyModel { state.withLock { $0.machine.model } }
}

extension AdaptiveBatcher where C == ContinuousClock {
    /// Creates a batcher on the continuous clock.
    public convenience init(
        runner: String,
        method: RunnerMethod,
        runnable: any Runnable,
        workers: Int,
        metricDimensions: [(String, String)] = []
    ) {
        self.init(
            runner: runner, method: method, runnable: runnable, workers: workers, clock: ContinuousClock(),
            metricDimensions: metricDimensions)
    }
}
