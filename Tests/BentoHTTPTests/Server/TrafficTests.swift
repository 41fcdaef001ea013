import BentoCore
import CompressNIO
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentoHTTP

@Suite struct TrafficTests {
    @Test(arguments: setups)
    func bodyOverTheLimitIs413(setup: Setup) async throws {
        try await withServer(setup, configure: { $0.traffic.maxBodySize = 1000 }) { client in
            let big = try await client.post("/echo", String(repeating: "a", count: 5000))
            #expect(big.status == .contentTooLarge)
            #expect(big.errorMessage.contains("1000"))
            // A small gzip body that inflates past the limit.
            let bomb = try BodyCodec.gzip(ByteBuffer(string: String(repeating: "a", count: 100_000)))
            #expect(bomb.readableBytes < 1000)
            let inflated = try await client.execute(
                uri: "/echo",
                method: .post,
                headers: [.contentEncoding: "gzip"],
                body: bomb
            )
            #expect(inflated.status == .contentTooLarge)
            #expect(try await client.post("/echo", "small").status == .ok)
        }
    }

    /// A body that arrives in many chunks (over a live socket) is collected whole and in order,
    /// and one exactly at the limit is still accepted.
    @Test(arguments: setups)
    func aBodyInManyChunksArrivesWhole(setup: Setup) async throws {
        let letters: [UInt8] = (0..<300_000).map { (index: Int) -> UInt8 in UInt8(97 + (index * 7 + index / 251) % 26) }
        let text = String(decoding: letters, as: UTF8.self)
        try await withServer(setup, configure: { $0.traffic.maxBodySize = 300_000 }) { client in
            let echoed = try await client.post("/echo", text)
            #expect(echoed.status == .ok)
            #expect(echoed.text.count == text.count)
            #expect(echoed.text == text)
            #expect(try await client.post("/echo", text + "z").status == .contentTooLarge)
        }
    }

    /// In process only: the live test client sends one request at a time on one connection.
    @Test func concurrencyLimitIs429() async throws {
        let gate = Gate()
        let service = testService(gate: gate)
        try await withServer(.router, service: service, configure: { $0.traffic.maxConcurrency = 2 }) { client in
            try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<2 { group.addTask { try await client.post("/wait", "held") } }
                while gate.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }
                let refused = try await client.post("/echo", "one too many")
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.retryAfter] != nil)
                // Probes are not limited.
                #expect(try await client.get("/livez").status == .ok)
                gate.open()
                for try await response in group { #expect(response.status == .ok) }
            }
            #expect(try await client.post("/echo", "free again").status == .ok)
        }
    }

    @Test(arguments: setups)
    func slowRequestIs504(setup: Setup) async throws {
        try await withServer(setup, configure: { $0.traffic.timeout = .milliseconds(200) }) { client in
            let response = try await client.post("/sleep", "zz")
            #expect(response.status == .gatewayTimeout)
            #expect(try await client.post("/echo", "fast").status == .ok)
        }
    }

    @Test(arguments: setups)
    func bearerTokenGuardsAPIsNotProbes(setup: Setup) async throws {
        try await withServer(setup, configure: { $0.security.bearerToken = "s3cret" }) { client in
            let anonymous = try await client.post("/echo", "x")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.get("/v2/models/doubler").status == .unauthorized)
            let wrong = try await client.post("/echo", "x", headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.post("/echo", "x", headers: [.authorization: "Bearer s3cret"])
            #expect(right.status == .ok)
            for path in ["/livez", "/readyz", "/healthz", "/metrics", "/v2/health/ready", "/docs.json", "/"] {
                #expect(try await client.get(path).status == .ok, "\(path)")
            }
        }
    }

    @Test(arguments: setups)
    func corsIsOptIn(setup: Setup) async throws {
        try await withServer(setup) { client in
            let response = try await client.post("/echo", "x", headers: [.origin: "https://example.test"])
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
        try await withServer(setup, configure: { $0.security.corsAllowedOrigins = ["https://app.test"] }) { client in
            let allowed = try await client.post("/echo", "x", headers: [.origin: "https://app.test"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.test")
            let other = try await client.post("/echo", "x", headers: [.origin: "https://evil.test"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(
                uri: "/echo",
                method: .options,
                headers: [.origin: "https://app.test", .accessControlRequestMethod: "POST"]
            )
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods] == "POST")
        }
    }
}
