import HTTPTypes
import Hummingbird
import Logging

/// Answers every request: finds the route, applies the traffic rules around its handler, and
/// adds what every response carries (request id, CORS, gzip, metrics, the access log line).
///
/// Routes are exact paths in one dictionary (the OIP model paths are expanded when the server
/// is built), so finding one is a hash lookup and a wrong method is told apart from an unknown
/// path (405 with `Allow` versus 404).
struct BentoResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    struct Entry: Sendable {
        var route: Route
        var metrics: EndpointMetrics
    }

    let routes: [String: Entry]
    /// Answers paths with no route (a specific 404 for unknown models, else the generic one).
    let notFound: @Sendable (String) -> ErrorResponse
    let traffic: HTTPConfiguration.Traffic
    let security: HTTPConfiguration.Security
    let behaviour: HTTPConfiguration.Behaviour
    let bodyCodec: BodyCodec
    let limiter: ConcurrencyLimiter
    let timer: DeadlineTimer
    let requestIDs = RequestIDGenerator()
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = request.headers[.xRequestID].flatMap { Self.isValidID($0) ? $0 : nil } ?? requestIDs.next()
        let path = request.uri.path
        var requestSize = 0
        var reply: Reply
        let entry = routes[path]
        if request.method == .options, !security.corsAllowedOrigins.isEmpty, request.headers[.origin] != nil {
            reply = Reply(status: .noContent)
            reply.headers[.accessControlAllowMethods] = (entry?.route.allowedMethods ?? [.get, .post]).map(\.rawValue)
                .joined(separator: ", ")
            reply.headers[.accessControlAllowHeaders] =
                request.headers[.accessControlRequestHeaders] ?? "Content-Type, Authorization"
            reply.headers[.accessControlMaxAge] = "600"
        } else if let entry {
            if let handler = entry.route.handler(for: request.method) {
                entry.metrics.started()
                (reply, requestSize) = await handle(request, route: entry.route, handler: handler, requestID: requestID)
                entry.metrics.finished()
            } else {
                reply = ErrorResponse.methodNotAllowed(request.method, allowed: entry.route.allowedMethods).reply()
            }
        } else {
            reply = notFound(path).reply()
        }
        reply.headers[.xRequestID] = requestID
        if !security.corsAllowedOrigins.isEmpty, let origin = request.headers[.origin] {
            if security.corsAllowedOrigins.contains("*") {
                reply.headers[.accessControlAllowOrigin] = "*"
            } else if security.corsAllowedOrigins.contains(origin) {
                reply.headers[.accessControlAllowOrigin] = origin
                reply.headers[.vary] = "Origin"
            }
            reply.headers[.accessControlExposeHeaders] = "X-Request-ID, Inference-Header-Content-Length"
        }
        if reply.body.readableBytes >= behaviour.gzipMinimumSize, BodyCodec.acceptsGzip(request) {
            reply = bodyCodec.compress(reply)
        }
        let duration = ContinuousClock.now - start
        entry?.metrics.record(status: reply.status.code, duration: duration)
        if behaviour.accessLog, logger.logLevel <= .info {
            logAccess(request, path: path, reply: reply, requestSize: requestSize, duration: duration, id: requestID)
        }
        if request.method == .head {
            reply.headers[.contentLength] = String(reply.body.readableBytes)
            return Response(status: reply.status, headers: reply.headers)
        }
        return Response(status: reply.status, headers: reply.headers, body: .init(byteBuffer: reply.body))
    }

    /// Runs a handler under the token check, the concurrency limit and the timeout.
    private func handle(
        _ request: Request,
        route: Route,
        handler: @escaping RouteHandler,
        requestID: String
    ) async -> (Reply, Int) {
        if route.access == .protected, let token = security.bearerToken {
            guard request.headers[.authorization] == "Bearer \(token)" else {
                var error = ErrorResponse(.unauthorized, "this route needs an Authorization: Bearer token")
                error.headers[.wwwAuthenticate] = "Bearer"
                return (error.reply(), 0)
            }
        }
        if route.limited {
            guard limiter.acquire() else {
                return (
                    ErrorResponse(
                        .tooManyRequests,
                        "the server is handling its limit of \(traffic.maxConcurrency ?? 0) requests; retry shortly",
                        headers: [.retryAfter: "1"]
                    ).reply(), 0
                )
            }
        }
        defer { if route.limited { limiter.release() } }
        var requestSize = 0
        do {
            let body: ByteBuffer
            if request.method == .post || request.method == .put || request.method == .patch {
                body = try await bodyCodec.read(request)
                requestSize = body.readableBytes
            } else {
                body = ByteBuffer()
            }
            var logger = self.logger
            logger[metadataKey: "request_id"] = .string(requestID)
            let exchange = Exchange(request: request, body: body, requestID: requestID, logger: logger)
            if route.limited {
                let timeout = Self.timeout(for: request, configured: traffic.timeout)
                return (try await withTimeout(timeout, timer: timer) { try await handler(exchange) }, requestSize)
            }
            return (try await handler(exchange), requestSize)
        } catch {
            let mapped = ErrorResponse(mapping: error)
            if mapped.status == .internalServerError {
                logger.error("internal error", metadata: ["request_id": .string(requestID), "error": "\(error)"])
            }
            return (mapped.reply(), requestSize)
        }
    }

    private func logAccess(_ request: Request, path: String, reply: Reply, requestSize: Int, duration: Duration, id: String) {
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let millis = "\(micros / 1000).\(String(repeating: "0", count: 3 - String(micros % 1000).count))\(micros % 1000)"
        logger.info(
            "\(request.method.rawValue) \(path) \(reply.status.code) \(requestSize)B→\(reply.body.readableBytes)B \(millis)ms id=\(id)"
        )
    }

    /// A caller's shorter deadline (`Bento-Timeout-Ms`, which runner clients send, so a runner
    /// drops what its caller has given up on), else the configured timeout.
    static func timeout(for request: Request, configured: Duration?) -> Duration? {
        guard let text = request.headers[.bentoTimeoutMs], let millis = Int(text), millis > 0 else { return configured }
        let asked = Duration.milliseconds(millis)
        guard let configured else { return asked }
        return min(asked, configured)
    }

    /// Incoming ids are echoed when short and printable, so they cannot inject header or log text.
    private static func isValidID(_ id: String) -> Bool {
        id.utf8.count <= 128 && !id.isEmpty && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-ID")!
    static let inferenceHeaderContentLength = HTTPField.Name("Inference-Header-Content-Length")!
    static let bentoTimeoutMs = HTTPField.Name("Bento-Timeout-Ms")!
}
