import BentoCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

@testable import BentoHTTP

@Suite struct ProbeAndDocsTests {
    @Test(arguments: setups)
    func probesWhenReady(setup: Setup) async throws {
        try await withServer(setup) { client in
            for path in ["/livez", "/healthz", "/readyz"] {
                let response = try await client.get(path)
                #expect(response.status == .ok, "\(path)")
            }
            #expect(try await client.get("/v2/health/live").json["live"] as? Bool == true)
            #expect(try await client.get("/v2/health/ready").json["ready"] as? Bool == true)
            let metadata = try await client.get("/v2").json
            #expect(metadata["name"] as? String == "swiftbento")
            #expect((metadata["extensions"] as? [String])?.contains("binary_tensor_data") == true)
        }
    }

    @Test(arguments: setups)
    func readyzIs503WithReasonsUntilReady(setup: Setup) async throws {
        let ready = Flag()
        let service = testService { ready.value }
        try await withServer(setup, service: service) { client in
            let response = try await client.get("/readyz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] != nil)
            let problems = response.json["problems"] as? [String] ?? []
            #expect(problems.contains("model 'doubler' is not ready"))
            #expect(problems.contains("runner 'r' is not reachable"))
            #expect(response.errorMessage == "the service is not ready")
            #expect(try await client.get("/v2/health/ready").status == .serviceUnavailable)
            #expect(try await client.get("/v2/models/doubler/ready").status == .serviceUnavailable)
            #expect(try await client.get("/livez").status == .ok)
            ready.set(true)
            #expect(try await client.get("/readyz").status == .ok)
            #expect(try await client.get("/v2/models/doubler/ready").status == .ok)
        }
    }

    @Test(arguments: setups)
    func unknownRouteIs404JSON(setup: Setup) async throws {
        try await withServer(setup) { client in
            let response = try await client.get("/nope")
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.errorMessage.contains("/nope"))
            #expect(response.json.keys.contains("detail"))
        }
    }

    @Test(arguments: setups)
    func wrongMethodIs405WithAllow(setup: Setup) async throws {
        try await withServer(setup) { client in
            let get = try await client.get("/add")
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            let post = try await client.post("/livez", "")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET")
            #expect(post.errorMessage.contains("POST"))
            let delete = try await client.execute(uri: "/v2/models/doubler/infer", method: .delete)
            #expect(delete.status == .methodNotAllowed)
        }
    }

    @Test(arguments: setups)
    func requestIDIsEchoedOrMade(setup: Setup) async throws {
        try await withServer(setup) { client in
            let echoed = try await client.get("/livez", headers: [.requestID: "abc-123"])
            #expect(echoed.headers[.requestID] == "abc-123")
            let first = try await client.get("/livez").headers[.requestID]
            let second = try await client.get("/livez").headers[.requestID]
            #expect(first?.count == 16)
            #expect(first != second)
            let hostile = try await client.get("/livez", headers: [.requestID: String(repeating: "x", count: 500)])
            #expect(hostile.headers[.requestID]?.count == 16)
        }
    }

    @Test(arguments: setups)
    func docsAndWebPage(setup: Setup) async throws {
        try await withServer(setup) { client in
            let docs = try await client.get("/docs.json")
            #expect(docs.status == .ok)
            #expect(docs.json["openapi"] as? String == "3.0.3")
            let paths = docs.json["paths"] as? [String: Any] ?? [:]
            #expect(paths["/add"] != nil)
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/docs.json"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "no external assets")
        }
    }

    @Test(arguments: setups)
    func metricsUseBentoMLNames(setup: Setup) async throws {
        let service = testService(name: "metrics-\(setup.rawValue)")
        try await withServer(setup, service: service) { client in
            _ = try await client.post("/add", #"{"a":1,"b":2}"#, headers: [.contentType: "application/json"])
            _ = try await client.post("/add", "{", headers: [.contentType: "application/json"])
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = response.text
            let labels = #"endpoint="/add",service_name="\#(service.name)",service_version="1.2.3""#
            #expect(text.contains(#"bentoml_api_server_request_total{\#(labels),http_response_code="200"} 1"#))
            #expect(text.contains(#"bentoml_api_server_request_total{\#(labels),http_response_code="400"} 1"#))
            #expect(text.contains("bentoml_api_server_request_duration_seconds_bucket{\(labels),http_response_code=\"200\""))
            #expect(text.contains("bentoml_api_server_request_in_progress{\(labels)} 0"))
        }
    }
}
