import Synchronization

/// A runnable that loads its backend in the background: calls fail fast with `.unavailable`
/// (503, `Retry-After`) until ``load()`` has finished, and with the load's error if it failed.
/// The server serves probes meanwhile, and `/readyz` reports the model as loading.
///
/// ```swift
/// let iris = LoadingRunnable(name: "iris", workers: 2) { try await ONNXRunnable.load(modelAt: path) }
/// let service = BentoService(name: "iris", runners: [try Runner(name: "iris", runnable: iris, methods: …)])
/// // the server calls `await iris.load()` concurrently with serving
/// ```
public final class LoadingRunnable: Runnable {
    /// Where loading stands.
    public enum Status: Sendable, Equatable {
        case loading
        case ready
        case failed(String)
    }

    private enum State {
        case loading
        case ready(any Runnable)
        case failed(String)
    }

    /// The name used in messages (the model or runner name).
    public let name: String
    /// How many calls may run at once (the loaded backend's, declared up front).
    public let workers: Int
    private let loader: @Sendable () async throws -> any Runnable
    private let state = Mutex<State>(.loading)

    /// Creates a runnable that will load with `loader`.
    public init(name: String, workers: Int, loader: @escaping @Sendable () async throws -> any Runnable) {
        self.name = name
        self.workers = workers
        self.loader = loader
    }

    /// Loads the backend once; later calls do nothing. Failures are kept and reported.
    public func load() async {
        guard case .loading = state.withLock({ $0 }) else { return }
        do {
            let runnable = try await loader()
            state.withLock { $0 = .ready(runnable) }
        } catch {
            state.withLock { $0 = .failed("\(error)") }
        }
    }

    /// Where loading stands.
    public var status: Status {
        switch state.withLock({ $0 }) {
        case .loading: .loading
        case .ready: .ready
        case .failed(let reason): .failed(reason)
        }
    }

    /// The loaded backend, once ``load()`` has succeeded (a runner's process reads its signature).
    package var loaded: (any Runnable)? {
        if case .ready(let runnable) = state.withLock({ $0 }) { return runnable }
        return nil
    }

    /// A readiness problem, or `nil` once loaded.
    public var readinessProblem: String? {
        switch status {
        case .ready: nil
        case .loading: "model '\(name)' is loading"
        case .failed(let reason): "model '\(name)' failed to load: \(reason)"
        }
    }

    public func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        switch state.withLock({ $0 }) {
        case .ready(let runnable):
            return try await runnable.run(inputs, method: method)
        case .loading:
            throw ServiceError(.unavailable, "model '\(name)' is still loading; retry shortly", retryAfter: 1)
        case .failed(let reason):
            throw ServiceError(.unavailable, "model '\(name)' failed to load: \(reason)")
        }
    }
}
