import Testing

@testable import BentoCore

@Suite("RunnerConfiguration")
struct RunnerConfigurationTests {
    @Test func runnerKeysWinOverKeysForAllRunners() throws {
        var config = RunnerConfiguration.defaults
        try config.apply(
            overrides: [
                "runners.batching.max_batch_size": "10",
                "runners.iris.batching.max_batch_size": "20",
                "runners.iris.batching.max_latency_ms": "75",
                "runners.iris.batching.enabled": "true",
                "runners.other.batching.max_batch_size": "99",
                "runners.other.no_such_key": "x",
                "api_server.http.port": "3000",
            ],
            runner: "iris"
        )
        #expect(config.batching.maxBatchSize == 20)
        #expect(config.batching.maxLatency == .milliseconds(75))
        #expect(config.batching.enabled == true)
        #expect(config.workers == nil)
    }

    @Test func unknownKeysAreNamed() {
        var config = RunnerConfiguration()
        let error = #expect(throws: RunnerError.self) {
            try config.apply(
                overrides: ["runners.iris.batching.max_size": "3", "runners.iris.speed": "1"], runner: "iris")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("runners.iris.batching.max_size") == true)
        #expect(error?.message.contains("runners.iris.speed") == true)
    }

    @Test(arguments: [
        ("runners.iris.batching.max_batch_size", "0"), ("runners.iris.batching.max_latency_ms", "fast"),
        ("runners.iris.batching.enabled", "maybe"), ("runners.iris.workers", "-1"),
    ])
    func badValuesAreRejected(key: String, value: String) {
        var config = RunnerConfiguration()
        let error = #expect(throws: RunnerError.self) { try config.apply(overrides: [key: value], runner: "iris") }
        #expect(error?.message.contains(key) == true)
    }
}
