import BentoTesting
import Foundation
import Testing

/// `bento runner serve MODEL_TAG` end to end: one runner as its own server process, called
/// directly by tritonclient over TCP and by curl over a Unix socket.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RunnerServeCLITests {
    static var hasTritonClient: Bool {
        guard let result = try? Fixtures.run(Fixtures.python, ["-c", "import tritonclient.http"]) else { return false }
        return result.status == 0
    }

    /// A store holding the committed iris model as `iris`.
    static func withIrisStore(_ body: (String) async throws -> Void) async throws {
        try await Fixtures.withTemporaryDirectory { home in
            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            let imported = try Fixtures.run(Fixtures.bentoExecutable, ["models", "import", model, "--name", "iris", "--home", home.path])
            try #require(imported.status == 0, "\(imported.stderr)")
            try await body(home.path)
        }
    }

    static func waitUntilReady(_ url: String, unixSocket: String? = nil) async throws {
        for _ in 0..<200 {
            if try ServedProcess.http("GET", url + "/readyz", unixSocket: unixSocket).status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the runner never became ready")
    }

    @Test func tritonClientCallsARunnerServerOverTCP() async throws {
        try #require(Self.hasTritonClient, "needs tritonclient[http]: run scripts/setup-test-deps")
        try await Self.withIrisStore { home in
            let runner = try ServedProcess.start(
                Fixtures.bentoExecutable,
                ["runner", "serve", "iris", "--host", "127.0.0.1", "--port", "0", "--home", home]
            )
            defer { runner.stop() }
            let port = try await runner.waitForPort()
            try await Self.waitUntilReady("http://127.0.0.1:\(port)")
            let script = Fixtures.packageRoot.appendingPathComponent("Tests/BentoHTTPTests/Scripts/runner_client.py").path
            let expected = Fixtures.committed.appendingPathComponent("iris/expected.json").path
            let result = try Fixtures.run(Fixtures.python, [script, "127.0.0.1:\(port)", expected])
            #expect(result.status == 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)\nrunner:\n\(runner.output)")
            #expect(result.stdout.contains("batch json ok"))
            #expect(result.stdout.contains("batch binary ok"))
            #expect(result.stdout.contains("concurrent ok"))
            // The runner's batcher did the work, and says so in its metrics.
            let metrics = try ServedProcess.http("GET", "http://127.0.0.1:\(port)/metrics")
            #expect(metrics.body.contains(#"bentoml_runner_adaptive_batch_size"#), "\(metrics.body)")
            // A runner server has no /predict APIs, only the runner's model.
            #expect(try ServedProcess.http("POST", "http://127.0.0.1:\(port)/iris/predict", body: "{}").status == 404)
        }
    }

    @Test func servesOnAUnixSocketWithProbesAndMetrics() async throws {
        try await Self.withIrisStore { home in
            let socket = home + "/iris.sock"
            let runner = try ServedProcess.start(
                Fixtures.bentoExecutable, ["runner", "serve", "iris", "--socket", socket, "--home", home]
            )
            defer { runner.stop() }
            _ = try await runner.waitForLine(containing: "listening on socket path \(socket)")
            try await Self.waitUntilReady("http://runner", unixSocket: socket)
            for path in ["/livez", "/healthz", "/v2/health/live", "/v2/health/ready", "/v2/models/iris/ready"] {
                #expect(try ServedProcess.http("GET", "http://runner" + path, unixSocket: socket).status == 200, "\(path)")
            }
            let metadata = try ServedProcess.http("GET", "http://runner/v2/models/iris", unixSocket: socket)
            #expect(metadata.body.contains(#""platform":"onnxruntime""#), "\(metadata.body)")
            let infer = try ServedProcess.http(
                "POST", "http://runner/v2/models/iris/infer",
                body: #"{"inputs": [{"name": "float_input", "shape": [1, 4], "datatype": "FP32", "data": [6.7, 3.0, 5.2, 2.3]}]}"#,
                unixSocket: socket
            )
            #expect(infer.status == 200, "\(infer.body)")
            #expect(infer.body.contains(#""name":"label","datatype":"INT64","shape":[1],"data":[2]"#), "\(infer.body)")
            let bad = try ServedProcess.http(
                "POST", "http://runner/v2/models/iris/infer",
                body: #"{"inputs": [{"name": "float_input", "shape": [1, 3], "datatype": "FP32", "data": [6.7, 3.0, 5.2]}]}"#,
                unixSocket: socket
            )
            #expect(bad.status == 400)
            #expect(bad.body.contains("float_input"), "\(bad.body)")
            let metrics = try ServedProcess.http("GET", "http://runner/metrics", unixSocket: socket)
            #expect(metrics.body.contains("bentoml_runner_adaptive_batch_size"), "\(metrics.body)")

            runner.signal(SIGTERM)
            #expect(await runner.waitForExit())
            #expect(runner.exitStatus == 0, "\(runner.output)")
        }
    }

    @Test func refusesTwoModelsAndAGoneParent() async throws {
        try await Self.withIrisStore { home in
            let two = try Fixtures.run(Fixtures.bentoExecutable, ["runner", "serve", "iris", "iris", "--home", home])
            #expect(two.status != 0)
            // PID 1 is never the parent of a process the tests start.
            let orphan = try Fixtures.run(
                Fixtures.bentoExecutable, ["runner", "serve", "iris", "--port", "0", "--parent-pid", "1", "--home", home]
            )
            #expect(orphan.status != 0)
            #expect(orphan.stderr.contains("the parent process 1 has exited"), "\(orphan.stderr)")
        }
    }
}

/// A service whose runner is `remote`, pointing at a second process running `bento runner serve`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RemoteRunnerCLITests {
    @Test func servesThroughARemoteRunnerAndReportsItsHealth() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let socket = home + "/iris.sock"
            var runner = try ServedProcess.start(Fixtures.bentoExecutable, ["runner", "serve", "iris", "--socket", socket, "--home", home])
            defer { runner.stop() }
            _ = try await runner.waitForLine(containing: "listening on socket path")
            let server = try ServedProcess.start(
                Fixtures.bentoExecutable, ["serve", "iris", "--host", "127.0.0.1", "--port", "0", "--home", home],
                environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.urls=unix:\(socket)"]
            )
            defer { server.stop() }
            let base = "http://127.0.0.1:\(try await server.waitForPort())"
            try await RunnerServeCLITests.waitUntilReady(base)
            let body = #"{"float_input": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"#
            let predict = try ServedProcess.http("POST", base + "/iris/predict", body: body)
            #expect(predict.status == 200, "\(predict.body)")
            #expect(predict.body.contains(#""label":[0,2]"#), "\(predict.body)")
            // The API server did not load the model: the runner did the work.
            #expect(!server.output.contains("loaded ONNX Runtime"), "\(server.output)")
            #expect(runner.output.contains("POST /v2/models/iris/infer 200"), "\(runner.output)")

            // The runner goes away: /readyz says so with the reason, calls get 503, not a hang.
            runner.stop()
            let ready = try ServedProcess.http("GET", base + "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body.contains("runner 'iris' is not ready"), "\(ready.body)")
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: body).status == 503)

            // It comes back on the same socket: so does the service.
            runner = try ServedProcess.start(Fixtures.bentoExecutable, ["runner", "serve", "iris", "--socket", socket, "--home", home])
            _ = try await runner.waitForLine(containing: "listening on socket path")
            try await RunnerServeCLITests.waitUntilReady(base)
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: body).status == 200)
        }
    }
}
