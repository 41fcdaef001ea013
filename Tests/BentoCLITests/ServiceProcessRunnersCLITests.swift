import BentoTesting
import Foundation
import Testing

/// A service written in Swift (`Examples/IrisService`) with its runner placed `process`: the
/// service executable starts itself again as that runner's server, which loads the model; the
/// API process calls it over a Unix socket, restarts it when it dies or hangs, and leaves
/// neither processes nor sockets behind when it stops. Real processes, sockets and ONNX Runtime.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ServiceProcessRunnersCLITests {
    static let body = #"{"features": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"#

    static var irisService: String {
        URL(fileURLWithPath: Fixtures.bentoExecutable).deletingLastPathComponent().appendingPathComponent("iris-service").path
    }

    static func serve(home: String, arguments: [String] = [], options: String) async throws -> (ServedProcess, String) {
        let server = try ServedProcess.start(
            irisService, ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments,
            environment: ["BENTO_HOME": home, "BENTO_CONFIG_OPTIONS": options]
        )
        let port = try await server.waitForPort()
        return (server, "http://127.0.0.1:\(port)")
    }

    static func classifies(_ base: String) throws -> Bool {
        let answer = try ServedProcess.http("POST", base + "/classify", body: Self.body, headers: ["Content-Type: application/json"])
        return answer.status == 200 && answer.body.contains(#""species":["setosa","virginica"]"#)
    }

    static func commandLine(_ pid: Int32) -> [String] {
        let raw = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: raw, as: UTF8.self).split(separator: "\0").map(String.init)
    }

    /// Whether `pid` has ONNX Runtime mapped.
    static func loadsONNXRuntime(_ pid: Int32) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? "").contains("libonnxruntime")
    }

    /// The runner-socket folders of server `pid` (`/tmp/bento-<pid>-XXXXXX`).
    static func socketFolders(of pid: Int32) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).filter { $0.hasPrefix("bento-\(pid)-") }
    }

    @Test func aServiceRunnerRunsInItsOwnProcessAndIsRestartedWhenKilledOrHung() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await Self.serve(home: home, options: "runners.iris.placement=process")
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            #expect(try Self.classifies(base), "\(server.output)")

            // The runner is a child process of the service executable, and only it loads the model.
            let children = ProcessRunnersCLITests.children(of: server.pid)
            try #require(children.count == 1, "children: \(children)\n\(server.output)")
            let child = children[0]
            let arguments = Self.commandLine(child)
            #expect(arguments.first.map { $0.hasSuffix("iris-service") } == true, "\(arguments)")
            #expect(Array(arguments.dropFirst().prefix(4)) == ["runner", "serve", "--name", "iris"], "\(arguments)")
            #expect(Self.loadsONNXRuntime(child))
            #expect(!Self.loadsONNXRuntime(server.pid))
            // It is an Open Inference Protocol server for the runner, on its socket.
            let socket = try #require(arguments.firstIndex(of: "--socket").map { arguments[$0 + 1] }, "\(arguments)")
            let metadata = try ServedProcess.http("GET", "http://runner/v2/models/iris", unixSocket: socket)
            #expect(metadata.status == 200 && metadata.body.contains("float_input"), "\(metadata.body)")

            // kill -9: restarted under a new pid, and the API answers again.
            kill(child, SIGKILL)
            try await ProcessRunnersCLITests.waitFor("the runner's restart") {
                let now = ProcessRunnersCLITests.children(of: server.pid)
                return now.count == 1 && !now.contains(child)
            }
            try await RunnerServeCLITests.waitUntilReady(base)
            #expect(try Self.classifies(base))

            // Stopped (alive but not answering): /readyz says so, then the supervisor kills it
            // and starts another. (Once it has answered a probe: until then it is still starting.)
            let hung = try #require(ProcessRunnersCLITests.children(of: server.pid).first)
            _ = try await server.waitForLine(containing: "runner 'iris' replica 0 is up (pid \(hung))")
            kill(hung, SIGSTOP)
            defer { kill(hung, SIGCONT) }
            var sawNotReady = false
            for _ in 0..<100 where !sawNotReady {
                sawNotReady = try ServedProcess.http("GET", base + "/readyz").status == 503
                if !sawNotReady { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(sawNotReady)
            try await ProcessRunnersCLITests.waitFor("the hung runner's replacement") {
                let now = ProcessRunnersCLITests.children(of: server.pid)
                return now.count == 1 && !now.contains(hung) && !ProcessRunnersCLITests.isAlive(hung)
            }
            #expect(server.output.contains("did not answer /livez 3 times in a row; killing it"), "\(server.output)")
            try await RunnerServeCLITests.waitUntilReady(base)
            #expect(try Self.classifies(base))

            // SIGTERM: the server and its runner stop, and the socket folder goes with them.
            let last = ProcessRunnersCLITests.children(of: server.pid)
            #expect(Self.socketFolders(of: server.pid).count == 1)
            server.signal(SIGTERM)
            #expect(await server.waitForExit())
            #expect(server.exitStatus == 0, "\(server.output)")
            #expect(last.allSatisfy { !ProcessRunnersCLITests.isAlive($0) }, "\(last)")
            #expect(Self.socketFolders(of: server.pid).isEmpty, "\(Self.socketFolders(of: server.pid))")
        }
    }

    @Test func runnersProcessPlacesEveryRunnerWithItsReplicas() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await Self.serve(
                home: home, arguments: ["--runners", "process"],
                options: "runners.iris.replicas=2 runners.iris.batching.max_batch_size=8"
            )
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            let children = ProcessRunnersCLITests.children(of: server.pid)
            #expect(children.count == 2, "\(children)\n\(server.output)")
            for _ in 0..<6 { #expect(try Self.classifies(base)) }
            server.signal(SIGTERM)
            #expect(await server.waitForExit())
            #expect(server.exitStatus == 0, "\(server.output)")
            #expect(children.allSatisfy { !ProcessRunnersCLITests.isAlive($0) }, "\(children)")
            #expect(Self.socketFolders(of: server.pid).isEmpty)
        }
    }

    @Test func runnerConfigurationAppliesToAServiceRunner() async throws {
        try await Fixtures.withTemporaryDirectory { home in
            for (options, message) in [
                ("runners.iris.batching.max_batch_size=0", "runners.iris.batching.max_batch_size must be an integer of at least 1"),
                ("runners.iris.placement=remote", "runner 'iris' is remote but has no runners.iris.urls"),
            ] {
                let result = try Fixtures.run(
                    Self.irisService, ["serve", "--port", "0"],
                    environment: ["BENTO_HOME": home.path, "BENTO_CONFIG_OPTIONS": options]
                )
                #expect(result.status != 0)
                #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
            }
        }
    }

    /// `bento serve --runners process` with `resources.cpu`: the replica is told its cores, and
    /// its ONNX Runtime session follows them.
    @Test func aReplicasCoresReachItsONNXRuntime() async throws {
        try await RunnerServeCLITests.withIrisStore { home in
            let (server, base) = try await ProcessRunnersCLITests.serve(
                ["iris"], home: home,
                environment: ["BENTO_CONFIG_OPTIONS": "runners.iris.resources.cpu=2 runners.iris.workers=1"]
            )
            defer { server.stop() }
            try await RunnerServeCLITests.waitUntilReady(base)
            let children = ProcessRunnersCLITests.children(of: server.pid)
            try #require(children.count == 1, "\(children)")
            let arguments = Self.commandLine(children[0])
            #expect(arguments.firstIndex(of: "--threads").map { arguments[$0 + 1] } == "2", "\(arguments)")
            _ = try await server.waitForLine(containing: "[iris#0] ")
            #expect(server.output.contains("runner 'iris': ONNX Runtime workers 1, intra-op threads 2"), "\(server.output)")
            #expect(try ServedProcess.http("POST", base + "/iris/predict", body: ProcessRunnersCLITests.body).status == 200)
        }
    }
}
