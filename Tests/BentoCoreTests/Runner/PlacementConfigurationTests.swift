import BentoCore
import Testing

@Suite struct PlacementConfigurationTests {
    func configured(_ overrides: [String: String], runner: String = "iris") throws -> RunnerConfiguration {
        var configuration = RunnerConfiguration()
        try configuration.apply(overrides: overrides, runner: runner)
        return configuration
    }

    @Test func placementKeysBecomeAPlacement() throws {
        #expect(try configured([:]).placement(default: .embedded, runner: "iris") == .embedded)
        #expect(try configured(["runners.placement": "process", "runners.iris.replicas": "3"]).placement(default: .embedded, runner: "iris") == .process(replicas: 3))
        let remote = try configured(["runners.iris.urls": "http://10.0.0.5:3001, unix:/run/iris.sock"])
        #expect(try remote.placement(default: .embedded, runner: "iris") == .remote(urls: ["http://10.0.0.5:3001", "unix:/run/iris.sock"]))
        #expect(Placement.remote(urls: ["a", "b"]).replicas == 2)
        #expect(Placement.process(replicas: 2).description == "process ×2")
    }

    @Test func clientAndResourceKeysAreRead() throws {
        let configuration = try configured([
            "runners.iris.timeout": "2.5", "runners.iris.max_outstanding_requests": "8", "runners.iris.split_threshold": "100",
            "runners.iris.resources.cpu": "4", "runners.iris.resources.nvidia.com/gpu": "0,2", "runners.iris.workers_per_resource": "2",
        ])
        #expect(configuration.distribution.timeout == .milliseconds(2500))
        #expect(configuration.distribution.maxOutstandingRequests == 8)
        #expect(configuration.distribution.splitThreshold == 100)
        #expect(configuration.distribution.resources == RunnerResources(cpu: 4, gpus: .ids(["0", "2"])))
        #expect(configuration.distribution.workersPerResource == 2)
        #expect(try configured(["runners.iris.resources.nvidia.com/gpu": "2"]).distribution.resources?.gpus == .count(2))
    }

    @Test func badPlacementSettingsNameTheKey() {
        let cases: [([String: String], String)] = [
            (["runners.iris.placement": "cluster"], "runners.iris.placement must be embedded, process or remote"),
            (["runners.iris.placement": "remote"], "has no runners.iris.urls"),
            (["runners.iris.placement": "process", "runners.iris.urls": "http://h:1"], "runners.iris.urls is set"),
            (["runners.iris.timeout": "-1"], "runners.iris.timeout must be a positive number"),
            (["runners.iris.replicas": "0"], "runners.iris.replicas must be an integer of at least 1"),
            (["runners.iris.resourcez.cpu": "1"], "runners.iris.resourcez.cpu"),
        ]
        for (overrides, message) in cases {
            #expect {
                try configured(overrides).placement(default: .embedded, runner: "iris")
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }
}
