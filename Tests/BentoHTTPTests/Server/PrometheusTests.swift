import BentoTesting
import Foundation
import HummingbirdTesting
import Metrics
import Testing

@testable import BentoHTTP

@Suite struct PrometheusTests {
    static var promtool: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runner metrics written through swift-metrics show on `/metrics` beside the server's own.
    @Test(arguments: setups)
    func runnerMetricsShowThroughSwiftMetrics(setup: Setup) async throws {
        ServerMetrics.bootstrapMetricsSystem()
        Counter(label: "bentoml_runner_request_total", dimensions: [("runner_name", "r-\(setup.rawValue)")]).increment()
        Recorder(label: "bentoml_runner_adaptive_batch_size", dimensions: [("runner_name", "r")], aggregate: true)
            .record(4)
        try await withServer(setup) { client in
            _ = try await client.get("/livez")
            let text = try await client.get("/metrics").text
            #expect(text.contains(#"bentoml_runner_request_total{runner_name="r-\#(setup.rawValue)"} 1"#))
            #expect(text.contains("bentoml_runner_adaptive_batch_size"))
            #expect(text.contains("bentoml_api_server_request_total"))
        }
    }

    /// The exposition passes `promtool check metrics` (Debian's `prometheus` package).
    @Test
    func passesPromtool() async throws {
        ServerMetrics.bootstrapMetricsSystem()
        Timer(label: "bentoml_runner_request_duration_seconds", dimensions: [("runner_name", "r")])
            .recordMilliseconds(3)
        let text = try await withServer(.router, service: testService(name: "promtool")) { client in
            _ = try await client.post("/echo", "x")
            _ = try await client.post("/add", "{")
            return try await client.get("/metrics").text
        }
        let result = try await runChild(try #require(Self.promtool), ["check", "metrics"], stdin: Data(text.utf8))
        #expect(result.status == 0, "promtool:\n\(result.stdout)\(result.stderr)\n---\n\(text)")
    }
}
