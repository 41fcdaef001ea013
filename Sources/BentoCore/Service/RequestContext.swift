import Synchronization

/// What an API handler knows about its request, and how it shapes the response.
///
/// ```swift
/// API("greet", input: .text, output: .text) { name, context in
///     if context.query["loud"] == "1" { context.setHeader("X-Mode", "loud") }
///     return "Hello, \(name)"
/// }
/// ```
public final class RequestContext: Sendable {
    /// The request's id (from `X-Request-ID`, or generated); echoed in the response.
    public let requestID: String
    /// Request headers in arrival order.
    public let headers: [(name: String, value: String)]
    /// Query parameters.
    public let query: [String: String]

    private struct Response {
        var status: Int?
        var headers: [(name: String, value: String)] = []
    }
    private let response = Mutex(Response())

    /// Creates a context.
    public init(requestID: String, headers: [(name: String, value: String)] = [], query: [String: String] = [:]) {
        self.requestID = requestID
        self.headers = headers
        self.query = query
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Sets the response status (default 200).
    public func setStatus(_ status: Int) {
        response.withLock { $0.status = status }
    }

    /// Adds a response header.
    public func setHeader(_ name: String, _ value: String) {
        response.withLock { $0.headers.append((name, value)) }
    }

    /// The status the handler set, if any.
    public var responseStatus: Int? { response.withLock { $0.status } }

    /// The headers the handler set.
    public var responseHeaders: [(name: String, value: String)] { response.withLock { $0.headers } }
}
