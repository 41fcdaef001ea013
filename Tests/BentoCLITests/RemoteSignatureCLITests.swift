import BentoTesting
import Foundation
import Testing

/// A `remote` runner whose model is not in the local store: `bento serve` takes its signature
/// from the remote's Open Inference Protocol metadata (`GET /v2/models/<name>`). A real
/// `bento runner serve` on TCP, and an API server with an empty store.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RemoteSignatureCLITests {
    @Test func anEmptyStoreServesARemoteRunnerWithItsRemoteSignature() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let runner = try ServedProcess.start(
                Fixtures.bentoExecutable, ["runner", "serve", "iris", "--host", "127.0.0.1", "--port", "0", "--home", home]
            )
            defer { runner.stop() }
            let runnerPort = try await runner.waitForPort()
            try await Fixtures.withTemporaryDirectory { empty in
                let server = try ServedProcess.start(
                    Fixtures.bentoExecutable,
                    ["serve", "iris", "--host", "127.0.0.1", "--port", "0", "--home", empty.path],
                    environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.urls=http://127.0.0.1:\(runnerPort)"]
                )
                defer { server.stop() }
                let base = "http://127.0.0.1:\(try await server.waitForPort())"
                try await RunnerServeCLITests.waitUntilReady(base)
                let metadata = try ServedProcess.http("GET", base + "/v2/models/iris")
                #expect(metadata.status == 200)
                #expect(metadata.body.contains(#"{"name":"float_input","datatype":"FP32","shape":[-1,4]}"#), "\(metadata.body)")
                #expect(metadata.body.contains(#"{"name":"probabilities","datatype":"FP32","shape":[-1,3]}"#), "\(metadata.body)")
                let predict = try ServedProcess.http("POST", base + "/iris/predict", body: ProcessRunnersCLITests.body)
                #expect(predict.status == 200, "\(predict.body)")
                #expect(predict.body.contains(#""label":[0,2]"#), "\(predict.body)")
                // The signature is enforced here too: a wrong input name is a 400 naming it.
                let wrong = try ServedProcess.http("POST", base + "/iris/predict", body: #"{"x": [[1, 2, 3, 4]]}"#)
                #expect(wrong.status == 400, "\(wrong.body)")
                #expect(wrong.body.contains("float_input"), "\(wrong.body)")
            }
        }
    }

    @Test func anUnreachableRemoteWithoutTheModelIsAnErrorNamingIt() async throws {
        try await Fixtures.withTemporaryDirectory { empty in
            let result = try Fixtures.run(
                Fixtures.bentoExecutable, ["serve", "iris", "--port", "0", "--home", empty.path],
                environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.urls=unix:\(empty.path)/nobody.sock runners.iris.timeout=1"]
            )
            #expect(result.status != 0)
            #expect(result.stderr.contains("no replica described model 'iris'"), "\(result.stderr)")
            #expect(result.stderr.contains("nobody.sock"), "\(result.stderr)")
        }
    }
}
