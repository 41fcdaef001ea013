import HTTPTypes
import Hummingbird
import Logging

/// What a route's handler gets: the request, its collected (decompressed) body and its id.
struct Exchange: Sendable {
    /// The request head (the body has been read into ``body``).
    var request: Request
    /// The body, empty for methods without one.
    var body: ByteBuffer
    /// The request's id (`X-Request-ID`).
    var requestID: String
    /// The logger, with the request id attached.
    var logger: Logger
}

/// Handles one method of one route.
typealias RouteHandler = @Sendable (Exchange) async throws -> Reply

/// One path the server answers, with a handler per method.
struct Route: Sendable {
    /// Who may call a route.
    enum Access: Sendable {
        /// Probes, metrics, docs and the web page: never behind the bearer token.
        case open
        /// APIs and models: behind the bearer token when one is configured.
        case protected
    }

    /// The `endpoint` label of the route's metrics.
    var endpoint: String
    /// Whether the bearer token applies.
    var access: Access
    /// Whether the concurrency limit and the timeout apply (APIs and infer calls).
    var limited: Bool
    /// The handlers, by method.
    var handlers: [(method: HTTPRequest.Method, handler: RouteHandler)]

    init(
        endpoint: String,
        access: Access = .open,
        limited: Bool = false,
        handlers: [(method: HTTPRequest.Method, handler: RouteHandler)]
    ) {
        self.endpoint = endpoint
        self.access = access
        self.limited = limited
        self.handlers = handlers
    }

    /// A route with one `GET` handler.
    static func get(_ endpoint: String, access: Access = .open, _ handler: @escaping RouteHandler) -> Route {
        Route(endpoint: endpoint, access: access, handlers: [(.get, handler)])
    }

    /// A route with one `POST` handler, under the limits.
    static func post(_ endpoint: String, access: Access = .protected, _ handler: @escaping RouteHandler) -> Route {
        Route(endpoint: endpoint, access: access, limited: true, handlers: [(.post, handler)])
    }

    /// The handler for `method`; `HEAD` falls back to `GET`.
    func handler(for method: HTTPRequest.Method) -> RouteHandler? {
        for entry in handlers where entry.method == method { return entry.handler }
        if method == .head { return handler(for: .get) }
        return nil
    }

    /// The methods the route answers (for `Allow`).
    var allowedMethods: [HTTPRequest.Method] { handlers.map(\.method) }
}

/// A finished response with its body in one buffer, before the server's last touches
/// (request id, CORS, gzip).
struct Reply: Sendable {
    /// The status.
    var status: HTTPResponse.Status
    /// The headers.
    var headers: HTTPFields
    /// The body.
    var body: ByteBuffer

    init(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: bytes))
    }

    /// A body with the given content type.
    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, headers: [.contentType: contentType], body: ByteBuffer(bytes: bytes))
    }

    /// A static body, converted once.
    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Reply {
        Reply(status: status, headers: [.contentType: contentType], body: ByteBuffer(string: text))
    }
}
