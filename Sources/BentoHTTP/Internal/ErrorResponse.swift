import BentoCore
import CompressNIO
import HTTPTypes
import Hummingbird

/// The one place where errors become HTTP statuses and `{"error": …, "detail": …}` bodies.
///
/// Every route and traffic check throws or returns through here, so a status means the same
/// thing everywhere: 400 bad input, 401 missing token, 404 unknown route or model, 405 wrong
/// method, 413 body too large, 429 concurrency limit, 503 overloaded or not ready (with
/// `Retry-After`), 504 timeout, 500 for bugs.
struct ErrorResponse: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var detail: String?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, detail: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers
    }

    /// Maps any error a route can throw.
    init(mapping error: any Error) {
        switch error {
        case let error as ErrorResponse:
            self = error
        case let error as OIPError:
            let status: HTTPResponse.Status =
                switch error.code {
                case .notFound: .notFound
                case .unavailable: .serviceUnavailable
                default: .badRequest
                }
            self.init(status, error.message)
        case let error as ServiceError:
            self.init(mappingServiceError: error)
        case let error as any ServiceErrorConvertible:
            self.init(mappingServiceError: error.serviceError)
        case let error as TensorError:
            self.init(.badRequest, error.message, detail: error.code.description)
        case let error as CompressNIOError:
            if error == .bufferOverflow {
                self.init(.contentTooLarge, "the decompressed body is over the size limit")
            } else {
                self.init(.badRequest, "the gzip body is corrupt (\(error))")
            }
        case let error as HTTPError:
            self.init(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        case is CancellationError:
            self.init(.serviceUnavailable, "the request was cancelled (the server is shutting down)")
        default:
            self.init(.internalServerError, "internal error", detail: String(describing: error))
        }
    }

    private init(mappingServiceError error: ServiceError) {
        let status: HTTPResponse.Status
        var headers: HTTPFields = [:]
        switch error.code {
        case .badInput: status = .badRequest
        case .notFound: status = .notFound
        case .payloadTooLarge: status = .contentTooLarge
        case .tooManyRequests:
            status = .tooManyRequests
            headers[.retryAfter] = String(error.retryAfter ?? 1)
        case .overloaded, .unavailable:
            status = .serviceUnavailable
            headers[.retryAfter] = String(error.retryAfter ?? 1)
        case .timeout: status = .gatewayTimeout
        case .unauthorized:
            status = .unauthorized
            headers[.wwwAuthenticate] = "Bearer"
        default: status = .internalServerError
        }
        self.init(status, error.message, detail: error.detail, headers: headers)
    }

    /// Errors common to every route.
    static func notFound(_ path: String) -> ErrorResponse {
        ErrorResponse(.notFound, "no route \(path)", detail: "see /docs.json for the APIs this server has")
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> ErrorResponse {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return ErrorResponse(
            .methodNotAllowed,
            "method \(method.rawValue) is not allowed here; use \(allow)",
            headers: [.allow: allow]
        )
    }

    /// The JSON reply.
    func reply() -> Reply {
        var body: [UInt8] = []
        body.reserveCapacity(message.utf8.count + 32)
        JSONWriter.literal("{\"error\":", into: &body)
        JSONWriter.string(Array(message.utf8), into: &body)
        JSONWriter.literal(",\"detail\":", into: &body)
        if let detail {
            JSONWriter.string(Array(detail.utf8), into: &body)
        } else {
            JSONWriter.literal("null", into: &body)
        }
        body.append(UInt8(ascii: "}"))
        var fields = headers
        fields[.contentType] = "application/json"
        return Reply(status: status, headers: fields, body: ByteBuffer(bytes: body))
    }
}
