/// An error from a runner or its adaptive batcher.
///
/// The ``code`` tells callers (and the HTTP edge, which maps it to a status) what happened;
/// the ``message`` says it in words a user can act on; ``cause`` keeps the underlying error.
///
/// ```swift
/// do {
///     _ = try await runner.run(["x": x], method: "predict")
/// } catch let error as RunnerError where error.code == .overloaded {
///     // answer 503 with Retry-After
/// }
/// ```
public struct RunnerError: Error, Sendable, CustomStringConvertible {
    /// What kind of runner error this is. Extensible: match with `==`, not `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case overloaded, cancelled, invalidInput, invalidOutput, unknownMethod
            case invalidConfiguration, shutdown, runnableFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The latency target cannot be met: the request was shed. Maps to 503 with `Retry-After`.
        public static let overloaded = Code(.overloaded)
        /// The caller went away (its task was cancelled) before the request ran.
        public static let cancelled = Code(.cancelled)
        /// The input tensors do not fit the method (names, dtype, shape). Maps to 400.
        public static let invalidInput = Code(.invalidInput)
        /// The runnable returned outputs that cannot be split back per request.
        public static let invalidOutput = Code(.invalidOutput)
        /// The runner has no method of that name. Maps to 404.
        public static let unknownMethod = Code(.unknownMethod)
        /// A setting is out of range, or a configuration key is unknown.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The runner is not running (stopped, or shutting down).
        public static let shutdown = Code(.shutdown)
        /// The runnable threw; ``RunnerError/cause`` holds its error.
        public static let runnableFailed = Code(.runnableFailed)

        public var description: String { value.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
