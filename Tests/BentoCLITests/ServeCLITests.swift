import BentoTesting
import Foundation
import Testing

/// `bento serve MODEL_TAG` end to end: the real binary, a real model in a real store, real
/// sockets, ONNX Runtime really loaded.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ServeCLITests {
    struct Expected: Decodable {
        struct Model: Decodable { var labels: [Int64] }
        var inputs: [String: [[Float]]]
        var models: [String: Model]
    }

    private func withServedIris(
        extraArguments: [String] = [],
        environment: [String: String] = [:],
        _ body: (ServedProcess, String) async throws -> Void
    ) async throws {
        try await Fixtures.withTemporaryDirectory { home in
            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            let imported = try Fixtures.run(Fixtures.bentoExecutable, ["models", "import", model, "--name", "iris", "--home", home.path])
            #expect(imported.status == 0, "\(imported.stderr)")
            let server = try ServedProcess.start(
                Fixtures.bentoExecutable,
                ["serve", "iris", "--host", "127.0.0.1", "--port", "0", "--home", home.path] + extraArguments,
                environment: environment
            )
            defer { server.stop() }
            let port = try await server.waitForPort()
            try await body(server, "http://127.0.0.1:\(port)")
        }
    }

    private func waitUntilReady(_ base: String) async throws {
        for _ in 0..<200 {
            if try ServedProcess.http("GET", base + "/readyz").status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server never became ready")
    }

    @Test func servesAStoredModelWithNoCode() async throws {
        let expected = try JSONDecoder().decode(
            Expected.self,
            from: Data(contentsOf: Fixtures.committed.appendingPathComponent("iris/expected.json"))
        )
        try await withServedIris { server, base in
            #expect(try ServedProcess.http("GET", base + "/livez").status == 200)
            try await waitUntilReady(base)

            // POST /<model>/predict: named tensors in, named tensors out.
            let rows = try #require(expected.inputs["float_input"])
            let body = String(decoding: try JSONEncoder().encode(["float_input": rows]), as: UTF8.self)
            let predict = try ServedProcess.http("POST", base + "/iris/predict", body: body, headers: ["Content-Type: application/json"])
            #expect(predict.status == 200, "\(predict.body)")
            struct Prediction: Decodable { var label: [Int64]; var probabilities: [[Float]] }
            let prediction = try JSONDecoder().decode(Prediction.self, from: Data(predict.body.utf8))
            #expect(prediction.label == expected.models["iris_logreg.onnx"]?.labels)
            #expect(prediction.probabilities.count == rows.count)

            // The Open Inference Protocol on the same model.
            let metadata = try ServedProcess.http("GET", base + "/v2/models/iris")
            #expect(metadata.status == 200)
            #expect(metadata.body.contains(#""platform":"onnxruntime""#))
            let infer = try ServedProcess.http(
                "POST", base + "/v2/models/iris/infer",
                body: #"{"inputs": [{"name": "float_input", "shape": [1, 4], "datatype": "FP32", "data": [6.7, 3.0, 5.2, 2.3]}]}"#
            )
            #expect(infer.status == 200, "\(infer.body)")
            #expect(infer.body.contains(#""name":"label","datatype":"INT64","shape":[1],"data":[2]"#), "\(infer.body)")

            // Bad input is a 400 naming the problem, and the server keeps serving.
            let bad = try ServedProcess.http("POST", base + "/iris/predict", body: #"{"float_input": [[1, 2, 3]]}"#)
            #expect(bad.status == 400)
            #expect(bad.body.contains("input 'float_input' must have 4 at dimension 1"), "\(bad.body)")
            let unknown = try ServedProcess.http("POST", base + "/iris/predict", body: #"{"x": [[1, 2, 3, 4]]}"#)
            #expect(unknown.status == 400)
            #expect(unknown.body.contains("unknown input 'x'"))
            #expect(try ServedProcess.http("POST", base + "/v2/models/nope/infer", body: "{}").status == 404)
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: body).status == 200)

            // Metrics carry BentoML's names, the docs list the route.
            let metrics = try ServedProcess.http("GET", base + "/metrics")
            #expect(metrics.body.contains(#"bentoml_api_server_request_total{endpoint="/iris/predict",service_name="iris""#))
            #expect(metrics.body.contains("bentoml_runner_adaptive_batch_size"))
            #expect(try ServedProcess.http("GET", base + "/docs.json").body.contains(#""/iris/predict""#))

            // SIGTERM stops it cleanly.
            server.signal(SIGTERM)
            #expect(await server.waitForExit())
            #expect(server.exitStatus == 0, "\(server.output)")
        }
    }

    @Test func configurationAppliesAndUnknownKeysAreRefused() async throws {
        try await withServedIris(environment: ["BENTO_CONFIG_OPTIONS": "api_server.http.max_request_size=64 runners.iris.batching.max_batch_size=8"]) { _, base in
            try await waitUntilReady(base)
            let big = String(repeating: " ", count: 100) + #"{"float_input": [[1, 2, 3, 4]]}"#
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: big).status == 413)
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: #"{"float_input": [[1, 2, 3, 4]]}"#).status == 200)
        }
        try await Fixtures.withTemporaryDirectory { home in
            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            _ = try Fixtures.run(Fixtures.bentoExecutable, ["models", "import", model, "--name", "iris", "--home", home.path])
            let typo = try Fixtures.run(
                Fixtures.bentoExecutable, ["serve", "iris", "--port", "0", "--home", home.path],
                environment: ["BENTO_CONFIG_OPTIONS": "api_server.htp.port=1 runners.iris.batching.max_batchsize=2"]
            )
            #expect(typo.status != 0)
            #expect(typo.stderr.contains("unknown configuration key 'api_server.htp.port'"), "\(typo.stderr)")
            let runnerTypo = try Fixtures.run(
                Fixtures.bentoExecutable, ["serve", "iris", "--port", "0", "--home", home.path],
                environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.batching.max_batchsize=2"]
            )
            #expect(runnerTypo.status != 0)
            #expect(runnerTypo.stderr.contains("runners.iris.batching.max_batchsize"), "\(runnerTypo.stderr)")
            let otherRunner = try Fixtures.run(
                Fixtures.bentoExecutable, ["serve", "iris", "--port", "0", "--home", home.path],
                environment: ["BENTO_CONFIG_OPTIONS": "runners.irsi.workers=2"]
            )
            #expect(otherRunner.status != 0)
            #expect(otherRunner.stderr.contains("is for runner 'irsi', which this service does not have; it has iris"), "\(otherRunner.stderr)")
            let missing = try Fixtures.run(Fixtures.bentoExecutable, ["serve", "nope", "--port", "0", "--home", home.path])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no model named 'nope'"), "\(missing.stderr)")
        }
    }
}
