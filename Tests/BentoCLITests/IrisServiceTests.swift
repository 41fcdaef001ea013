import BentoTesting
import Foundation
import Testing

/// The README's service in Swift (`Examples/IrisService`), run as its own executable against a
/// real store: typed JSON in, pre-processing, a batching ONNX runner, post-processing out.
@Suite(.timeLimit(.minutes(3))) struct IrisServiceTests {
    var irisService: String {
        URL(fileURLWithPath: Fixtures.bentoExecutable).deletingLastPathComponent().appendingPathComponent("iris-service").path
    }

    @Test func classifiesThroughTheServiceExecutable() async throws {
        try await Fixtures.withTemporaryDirectory { home in
            let environment = ["BENTO_HOME": home.path]
            // Before the model is imported the service starts, but is not ready, and says why.
            let early = try ServedProcess.start(irisService, ["serve", "--host", "127.0.0.1", "--port", "0"], environment: environment)
            defer { early.stop() }
            let earlyBase = "http://127.0.0.1:\(try await early.waitForPort())"
            var ready = (status: 0, body: "")
            for _ in 0..<100 {
                ready = try ServedProcess.http("GET", earlyBase + "/readyz")
                if ready.body.contains("failed to load") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(ready.status == 503)
            #expect(ready.body.contains("no model named 'iris'"), "\(ready.body)")
            #expect(try ServedProcess.http("POST", earlyBase + "/classify", body: #"{"features": [[1, 2, 3, 4]]}"#).status == 503)
            early.signal(SIGTERM)
            #expect(await early.waitForExit())

            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            let imported = try Fixtures.run(Fixtures.bentoExecutable, ["models", "import", model, "--name", "iris"], environment: environment)
            #expect(imported.status == 0, "\(imported.stderr)")

            let server = try ServedProcess.start(irisService, ["serve", "--host", "127.0.0.1", "--port", "0"], environment: environment)
            defer { server.stop() }
            let base = "http://127.0.0.1:\(try await server.waitForPort())"
            for _ in 0..<200 where try ServedProcess.http("GET", base + "/readyz").status != 200 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let answer = try ServedProcess.http(
                "POST", base + "/classify",
                body: #"{"features": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"#,
                headers: ["Content-Type: application/json"]
            )
            #expect(answer.status == 200, "\(answer.body)")
            struct Response: Decodable { var species: [String]; var confidence: [Float] }
            let response = try JSONDecoder().decode(Response.self, from: Data(answer.body.utf8))
            #expect(response.species == ["setosa", "virginica"])
            #expect(response.confidence.allSatisfy { $0 > 0.9 })

            let invalid = try ServedProcess.http("POST", base + "/classify", body: #"{"features": [[5.1, 3.5]]}"#)
            #expect(invalid.status == 400)
            #expect(invalid.body.contains("features must be rows of 4 numbers"), "\(invalid.body)")
            let wrongType = try ServedProcess.http("POST", base + "/classify", body: #"{"features": [["a", 1, 2, 3]]}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.body.contains("features[0][0]"), "\(wrongType.body)")

            let openapi = try Fixtures.run(irisService, ["openapi"], environment: environment)
            #expect(openapi.status == 0)
            #expect(openapi.stdout.contains(#""/classify""#))
        }
    }
}
