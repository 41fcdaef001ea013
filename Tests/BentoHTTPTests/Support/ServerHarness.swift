import BentoCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

@testable import BentoHTTP

/// Both ways the server tests run: in process (no socket) and over a real loopback socket.
enum Setup: String, Sendable, CaseIterable {
    case router, live

    var testing: TestingSetup { self == .router ? .router : .live }
}

let setups = Setup.allCases

/// A logger that prints nothing unless `BENTO_TEST_LOG` is set.
let quietLogger: Logger = {
    var logger = Logger(label: "bento.http.test")
    logger.logLevel = ProcessInfo.processInfo.environment["BENTO_TEST_LOG"] != nil ? .info : .critical
    return logger
}()

/// Runs `body` against a server for `service`, in process or live.
func withServer<T>(
    _ setup: Setup,
    service: BentoService = testService(),
    configure: (inout HTTPConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
    var configuration = HTTPConfiguration(host: "127.0.0.1", port: 0)
    configure(&configuration)
    let server = BentoHTTPServer(service: service, configuration: configuration, logger: quietLogger)
    return try await server.makeApplication().test(setup.testing, body)
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// The `error` of a JSON error body.
    var errorMessage: String { json["error"] as? String ?? "<no error in \(text)>" }
}

extension TestClientProtocol {
    func post(_ uri: String, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func post(_ uri: String, bytes: [UInt8], headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension HTTPField.Name {
    static let inferenceHeader = HTTPField.Name("Inference-Header-Content-Length")!
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let echo = HTTPField.Name("X-Echo")!
}
