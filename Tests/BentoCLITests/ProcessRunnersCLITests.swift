import BentoTesting
import Foundation
import Testing

/// `bento serve --runners process`: runners as supervised child processes, end to end with the
/// real binary, real sockets and ONNX Runtime really loaded in each child.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ProcessRunnersCLITests {
    static let body = #"{"float_input": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"#

    /// The pids of `parent`'s children, from /proc.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }.sorted()
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")  // a zombie has exited
    }

    static func waitFor(_ what: String, _ condition: () throws -> Bool) async throws {
        for _ in 0..<300 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
    }

    static func serve(
        _ models: [String], home: String, environment: [String: String] = [:]
    ) async throws -> (ServedProcess, String) {
        let server = try ServedProcess.start(
            Fixtures.bentoExecutable,
            ["serve"] + models + ["--runners", "process", "--host", "127.0.0.1", "--port", "0", "--home", home],
            environment: environment
        )
        let port = try await server.waitForPort()
        return (server, "http://127.0.0.1:\(port)")
    }

    @Test func killedReplicaFailsOnlyInFlightCallsAndIsRestarted() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await Self.serve(["iris"], home: home, environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.replicas=2"])
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            let predict = try ServedProcess.http("POST", base + "/iris/predict", body: Self.body)
            #expect(predict.status == 200, "\(predict.body)")
            #expect(predict.body.contains(#""label":[0,2]"#), "\(predict.body)")
            let replicas = Self.children(of: server.pid)
            try #require(replicas.count == 2, "children: \(replicas)\n\(server.output)")

            // Load on both replicas; kill -9 one of them in the middle.
            let script = Fixtures.packageRoot.appendingPathComponent("Tests/BentoHTTPTests/Scripts/load.py").path
            let load = try ServedProcess.start(Fixtures.python, [script, base + "/iris/predict", Self.body, "6", "1500", "20"])
            defer { load.stop() }
            try await Task.sleep(for: .milliseconds(700))
            kill(replicas[0], SIGKILL)
            #expect(await load.waitForExit(timeout: .seconds(60)))
            let line = try #require(load.output.split(separator: "\n").last.map(String.init), "\(load.output)")
            let counts = try JSONDecoder().decode([String: Int].self, from: Data(line.utf8))
            // Only 200s and 503s: no connection errors, no hung request, no 500.
            #expect(Set(counts.keys).isSubset(of: ["200", "503"]), "\(counts)")
            #expect((counts["200"] ?? 0) > (counts["503"] ?? 0), "\(counts)")

            // The killed replica comes back under a new pid, and everything answers again.
            try await Self.waitFor("the replica's restart") {
                let now = Self.children(of: server.pid)
                return now.count == 2 && !now.contains(replicas[0])
            }
            #expect(server.output.contains("exited with status 9; restarting in"), "\(server.output)")
            try await RunnerServeCLITests.waitUntilReady(base)
            for _ in 0..<10 {
                #expect(try ServedProcess.http("POST", base + "/iris/predict", body: Self.body).status == 200)
            }
            // Child logs reach the server's log, prefixed with the runner and replica.
            #expect(server.output.contains("[iris#1] "), "\(server.output)")

            // SIGTERM stops the server and its runners, leaving no child behind.
            let children = Self.children(of: server.pid)
            server.signal(SIGTERM)
            #expect(await server.waitForExit())
            #expect(server.exitStatus == 0, "\(server.output)")
            #expect(children.allSatisfy { !Self.isAlive($0) }, "\(children)")
        }
    }

    @Test func runnersDieWithAKilledServer() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await Self.serve(["iris"], home: home)
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            let children = Self.children(of: server.pid)
            try #require(children.count == 1, "\(children)")
            server.signal(SIGKILL)
            #expect(await server.waitForExit())
            try await Self.waitFor("the orphaned runner to exit") { !Self.isAlive(children[0]) }
        }
    }

    @Test func aRunnerThatCannotStartShowsInReadyzWhileOthersServe() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            let imported = try Fixtures.run(Fixtures.bentoExecutable, ["models", "import", model, "--name", "broken", "--home", home])
            try #require(imported.status == 0, "\(imported.stderr)")
            let (server, base) = try await Self.serve(
                ["iris", "broken"], home: home,
                environment: ["BENTO_CONFIG_OPTIONS": "runners.broken.onnx.library=/nonexistent/libonnxruntime.so"]
            )
            defer { server.stop() }
            try await Self.waitFor("iris to answer") {
                try ServedProcess.http("POST", base + "/iris/predict", body: Self.body).status == 200
            }
            let ready = try ServedProcess.http("GET", base + "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body.contains("runner 'broken' is not ready"), "\(ready.body)")
            #expect(ready.body.contains("/nonexistent/libonnxruntime.so"), "\(ready.body)")
            #expect(!ready.body.contains("runner 'iris'"), "\(ready.body)")
            let broken = try ServedProcess.http("POST", base + "/broken/predict", body: Self.body)
            #expect(broken.status == 503, "\(broken.body)")
            try await Self.waitFor("the reason in the log") { server.output.contains("[broken#0] ") && server.output.contains("failed to load") }
        }
    }

    @Test func resourcesDecideTheReplicasAndTheirEnvironment() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await Self.serve(
                ["iris"], home: home,
                environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.resources.cpu=2 runners.iris.workers_per_resource=2"]
            )
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            let children = Self.children(of: server.pid)
            #expect(children.count == 2, "\(children)")
            for child in children {
                let environ = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(child)/environ")), as: UTF8.self)
                let variables = environ.split(separator: "\0").map(String.init)
                #expect(variables.contains("OMP_NUM_THREADS=1"), "\(variables.filter { $0.contains("THREADS") })")
                #expect(variables.contains("CUDA_VISIBLE_DEVICES="))
            }
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: Self.body).status == 200)
        }
    }
}
