public import BentoCore

/// Runs an ONNX model in-process through ONNX Runtime: named input tensors in, named output
/// tensors out, up to ``workers`` calls at once.
///
/// Each call is validated against ``signature`` on the caller's task, then runs on a dedicated
/// thread (one of ``workers``), never on Swift's cooperative pool. With the default one intra-op
/// thread per session, parallelism comes from concurrent calls.
///
/// ```swift
/// let iris = try await ONNXRunnable.load(modelAt: "iris_logreg.onnx")
/// let out = try await iris.run(["float_input": try Tensor([5.1, 3.5, 1.4, 0.2] as [Float], shape: [1, 4])])
/// let label = try out["label"]!.values(as: Int64.self)   // [0]
/// ```
public final class ONNXRunnable: Sendable {
    /// The session the calls run on.
    public let session: ONNXSession
    /// How many calls may run at once.
    public let workers: Int
    private let pool: BlockingPool

    /// The model's one method, `run`.
    public static let method = "run"

    /// The signature of the model's `run` method.
    public var signature: ModelSignature { session.signature }

    /// Creates a runnable, loading the model on the calling thread (prefer ``load(modelAt:configuration:)``
    /// from async code: loading a large model blocks).
    public init(modelAt path: String, configuration: ONNXRuntime.Configuration = .defaults) throws {
        session = try ONNXSession(modelAt: path, configuration: configuration)
        workers = configuration.workers
        pool = BlockingPool(threads: configuration.workers, name: "bento-onnx")
    }

    private init(session: ONNXSession, workers: Int, pool: BlockingPool) {
        self.session = session
        self.workers = workers
        self.pool = pool
    }

    /// Creates a runnable, loading the library and the model on the runnable's own threads.
    public static func load(
        modelAt path: String,
        configuration: ONNXRuntime.Configuration = .defaults
    ) async throws -> ONNXRunnable {
        let pool = BlockingPool(threads: configuration.workers, name: "bento-onnx")
        do {
            let session = try await pool.run { try ONNXSession(modelAt: path, configuration: configuration) }
            return ONNXRunnable(session: session, workers: configuration.workers, pool: pool)
        } catch {
            pool.shutdown()
            throw error
        }
    }

    deinit {
        pool.shutdown()
    }

    /// Runs one call: the model's inputs by name to all its outputs by name.
    ///
    /// - Throws: ``ONNXError`` naming the missing, unknown or mismatched input, or carrying ONNX
    ///   Runtime's message when it refuses to run.
    public func run(_ inputs: [String: Tensor]) async throws -> [String: Tensor] {
        let ordered = try session.validate(inputs)
        let session = self.session
        return try await pool.run { try session.run(validated: ordered) }
    }

    /// Runs one call of `method`, which must be ``method`` (`run`), the one method of an ONNX model.
    public func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        guard method == Self.method else {
            throw ONNXError(.unknownMethod, "ONNX models have one method, 'run'; '\(method)' was asked for")
        }
        return try await run(inputs)
    }
}

extension ONNXRunnable: Runnable {}
