import BentoCore
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import BentoHTTP

@Suite struct APIRouteTests {
    @Test(arguments: setups)
    func jsonAPI(setup: Setup) async throws {
        try await withServer(setup) { client in
            let response = try await client.post("/add", #"{"a":1.5,"b":2}"#, headers: [.contentType: "application/json"])
            #expect(response.status == .ok)
            #expect(response.json["sum"] as? Double == 3.5)
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    @Test(arguments: setups)
    func handlerSetsStatusAndHeadersAndReadsQuery(setup: Setup) async throws {
        try await withServer(setup) { client in
            let response = try await client.post("/echo?status=201", "hi", headers: [.contentType: "text/plain"])
            #expect(response.status == .created)
            #expect(response.text == "hi")
            #expect(response.headers[.echo] == "yes")
        }
    }

    @Test(arguments: setups)
    func badInputIs400NamingTheProblemAndTheServerKeepsServing(setup: Setup) async throws {
        try await withServer(setup) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            let malformed = try await client.post("/add", #"{"a":1,"#, headers: json)
            #expect(malformed.status == .badRequest)
            let wrongType = try await client.post("/add", #"{"a":"one","b":2}"#, headers: json)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.text.contains("a"), "\(wrongType.text)")
            let missing = try await client.post("/add", #"{"a":1}"#, headers: json)
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("b"), "\(missing.text)")
            let wrongMedia = try await client.post("/add", "a=1", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(wrongMedia.status == .badRequest)
            #expect(wrongMedia.errorMessage.contains("Content-Type: application/json"))
            let good = try await client.post("/add", #"{"a":1,"b":2}"#, headers: json)
            #expect(good.status == .ok)
        }
    }

    @Test(arguments: setups)
    func overloadIs503WithRetryAfterAndBugsAre500(setup: Setup) async throws {
        try await withServer(setup) { client in
            let overloaded = try await client.post("/overloaded", "x")
            #expect(overloaded.status == .serviceUnavailable)
            #expect(overloaded.headers[.retryAfter] == "2")
            #expect(overloaded.errorMessage.contains("latency target"))
            let crash = try await client.post("/crash", "x")
            #expect(crash.status == .internalServerError)
            #expect(crash.json["error"] as? String == "internal error")
            #expect(try await client.post("/echo", "still here").text == "still here")
        }
    }

    @Test func apiRouteCollidingWithABuiltInOneIsRefused() throws {
        let service = BentoService(name: "clash") {
            API("metrics", input: .text, output: .text) { text, _ in text }
        }
        #expect(throws: ServiceError.self) {
            _ = try BentoHTTPServer(service: service).makeResponder()
        }
    }
}
