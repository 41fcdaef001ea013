/// An error that an API handler, a descriptor or a runner returns to a caller.
///
/// The frontends map ``code`` to a status in one place (HTTP: 400, 404, 413, 429, 503, 504, 500)
/// and send `{"error": message, "detail": detail}`.
///
/// ```swift
/// throw ServiceError(.badInput, "field 'features': expected 4 values, got 3")
/// ```
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: compare with `==`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case badInput, notFound, payloadTooLarge, tooManyRequests, overloaded, unavailable, timeout
            case unauthorized, internalError
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request is malformed or fails validation (HTTP 400).
        public static let badInput = Code(.badInput)
        /// No such API, model or version (HTTP 404).
        public static let notFound = Code(.notFound)
        /// The body is over the configured limit (HTTP 413).
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// The concurrency limit is reached (HTTP 429).
        public static let tooManyRequests = Code(.tooManyRequests)
        /// A runner cannot meet its latency target and shed the request (HTTP 503 with Retry-After).
        public static let overloaded = Code(.overloaded)
        /// A runner or model is not loaded or not reachable (HTTP 503).
        public static let unavailable = Code(.unavailable)
        /// The request did not finish within its timeout (HTTP 504).
        public static let timeout = Code(.timeout)
        /// A bearer token is required and missing or wrong (HTTP 401).
        public static let unauthorized = Code(.unauthorized)
        /// A bug: an unexpected failure (HTTP 500).
        public static let internalError = Code(.internalError)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence the caller can act on.
    public var message: String
    /// Optional structured detail (e.g. the field path), sent as `detail`.
    public var detail: String?
    /// For ``Code/overloaded`` and ``Code/unavailable``: seconds the caller should wait.
    public var retryAfter: Int?
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, detail: String? = nil, retryAfter: Int? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.retryAfter = retryAfter
        self.cause = cause
    }

    public var description: String { message }
}

/// An error from another domain (runners, ONNX Runtime, …) that knows which ``ServiceError`` it
/// is for a caller. The frontends map errors through it, so each domain decides its status once.
public protocol ServiceErrorConvertible: Error {
    /// The error as a caller should see it.
    var serviceError: ServiceError { get }
}

extension ServiceError {
    /// `error` as a caller should see it: itself, its conversion, a tensor error as bad input,
    /// and anything else as an internal error.
    public static func from(_ error: any Error) -> ServiceError {
        switch error {
        case let error as ServiceError: error
        case let error as any ServiceErrorConvertible: error.serviceError
        case let error as TensorError: ServiceError(.badInput, error.message, cause: error)
        case let error as ValidationError: ServiceError(.badInput, error.message, cause: error)
        default: ServiceError(.internalError, "internal error: \(error)", cause: error)
        }
    }
}
