import BentoTesting
import Foundation
import Testing

/// `bento build`, `list|get|export|import`, `serve BENTO`, `containerize` and `deploy kubernetes`
/// end to end through the built `bento` binary, with the real iris model and ONNX Runtime.
@Suite(.serialized, .timeLimit(.minutes(10))) struct BentoBuildCLITests {
    struct Workspace {
        let dir: URL
        var home: String { dir.appendingPathComponent("home").path }

        @discardableResult
        func bento(_ args: [String], in folder: URL? = nil) throws -> Fixtures.ProcessResult {
            try Fixtures.run(Fixtures.bentoExecutable, args, environment: ["BENTO_HOME": home], currentDirectory: folder ?? dir)
        }

        /// Imports the iris fixture as `iris` and writes a bentofile serving it.
        func irisBentofile(_ extra: String = "") throws {
            let model = Fixtures.committed.appendingPathComponent("iris/iris_logreg.onnx").path
            let imported = try bento(["models", "import", model, "--name", "iris"])
            #expect(imported.status == 0, "\(imported.stderr)")
            try ("name: iris-bento\ndescription: Iris species.\nlabels: {team: ml}\nmodels: [iris]\n" + extra)
                .write(to: dir.appendingPathComponent("bentofile.yaml"), atomically: true, encoding: .utf8)
        }

        func build() throws -> String {
            let built = try bento(["build"])
            #expect(built.status == 0, "\(built.stderr)")
            return built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func withWorkspace(_ body: (Workspace) async throws -> Void) async throws {
        try await Fixtures.withTemporaryDirectory { dir in try await body(Workspace(dir: dir)) }
    }

    static let row = #"{"float_input": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"#

    /// Waits for /readyz, then checks a real prediction.
    func checkServes(_ server: ServedProcess) async throws {
        let port = try await server.waitForPort()
        let base = "http://127.0.0.1:\(port)"
        var ready = 0
        for _ in 0..<200 {
            ready = try ServedProcess.http("GET", base + "/readyz").status
            if ready == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ready == 200, "\(server.output)")
        let predict = try ServedProcess.http("POST", base + "/iris/predict", body: Self.row, headers: ["Content-Type: application/json"])
        #expect(predict.status == 200, "\(predict.body)")
        #expect(predict.body.contains(#""label":[0,2]"#), "\(predict.body)")
    }

    @Test func zeroCodeBentoServesFromAnExportInAMinimalEnvironment() async throws {
        try await withWorkspace { ws in
            try ws.irisBentofile("config: {runners: {iris: {batching: {max_batch_size: 8}}}}\n")
            let tag = try ws.build()
            #expect(tag.hasPrefix("iris-bento:"))
            let list = try ws.bento(["list", "-o", "json"])
            #expect(list.status == 0 && list.stdout.contains(tag), "\(list.stdout)")
            let get = try ws.bento(["get", tag])
            #expect(get.stdout.contains("kind: zero-code") && get.stdout.contains("route: /iris/predict"), "\(get.stdout)")
            #expect(get.stdout.contains("placement: embedded") && get.stdout.contains("tag: iris:"))

            // Export, unpack with tar into a fresh folder, and serve with an empty environment:
            // no PATH to Python or the venv, BENTO_HOME elsewhere, so models and ONNX Runtime come from the bento.
            let archive = ws.dir.appendingPathComponent("iris.bento").path
            #expect(try ws.bento(["export", tag, archive]).status == 0)
            let fresh = ws.dir.appendingPathComponent("fresh")
            try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
            #expect(try Fixtures.run("/usr/bin/tar", ["-xf", archive, "-C", fresh.path]).status == 0)
            let server = try ServedProcess.start(
                "/usr/bin/env",
                ["-i", "PATH=/usr/bin:/bin", "HOME=\(ws.dir.path)/nohome", "BENTO_HOME=\(ws.dir.path)/elsewhere",
                 fresh.path + "/bin/bento", "serve", fresh.path, "--host", "127.0.0.1", "--port", "0"])
            defer { server.stop() }
            try await checkServes(server)
            #expect(server.output.contains("path=\(fresh.path)/lib/libonnxruntime"), "\(server.output)")

            // Import into another store and serve it by tag.
            let other = ws.dir.appendingPathComponent("other").path
            let imported = try Fixtures.run(Fixtures.bentoExecutable, ["import", archive, "--home", other])
            #expect(imported.status == 0 && imported.stdout.contains(tag), "\(imported.stderr)")
            let again = try Fixtures.run(Fixtures.bentoExecutable, ["import", archive, "--home", other])
            #expect(again.status != 0 && again.stderr.contains("already stored"), "\(again.stderr)")
            let byTag = try ServedProcess.start(Fixtures.bentoExecutable, ["serve", tag, "--home", other, "--host", "127.0.0.1", "--port", "0"])
            defer { byTag.stop() }
            try await checkServes(byTag)
            #expect(try Fixtures.run(Fixtures.bentoExecutable, ["delete", tag, "-y", "--home", other]).status == 0)
        }
    }

    @Test func badBentofilesFailClearlyAndLeaveNothing() async throws {
        try await withWorkspace { ws in
            try ws.irisBentofile("modles: [x]\n")
            let unknown = try ws.bento(["build"])
            #expect(unknown.status != 0 && unknown.stderr.contains("unknown key 'modles'"), "\(unknown.stderr)")
            try "name: b\nmodels: [nope:latest]\n".write(to: ws.dir.appendingPathComponent("missing.yaml"), atomically: true, encoding: .utf8)
            let missing = try ws.bento(["build", "-f", "missing.yaml"])
            #expect(missing.status != 0 && missing.stderr.contains("model 'nope:latest'"), "\(missing.stderr)")
            try "name: b\nmodels: [iris]\nconfig: {api_server: {htp: {port: 1}}}\n"
                .write(to: ws.dir.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
            let typo = try ws.bento(["build", "-f", "typo.yaml"])
            #expect(typo.status != 0 && typo.stderr.contains("api_server.htp.port"), "\(typo.stderr)")
            #expect(try ws.bento(["list"]).stdout.split(separator: "\n").count == 1)  // the header only
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: ws.home + "/bentos/.tmp")) ?? []
            #expect(leftovers.isEmpty)
        }
    }

    @Test func containerizeWritesAReproducibleImageThatServesFromItsRoot() async throws {
        try await withWorkspace { ws in
            try ws.irisBentofile()
            let tag = try ws.build()
            let version = String(tag.split(separator: ":")[1])
            let layout = ws.dir.appendingPathComponent("image").path
            let first = try ws.bento(["containerize", tag, "--output", layout])
            #expect(first.status == 0, "\(first.stderr)")
            let archive = ws.dir.appendingPathComponent("image.tar").path
            let second = try ws.bento(["containerize", tag, "--output", archive])
            #expect(second.status == 0, "\(second.stderr)")
            let digest = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(digest.hasPrefix("sha256:") && second.stdout.contains(digest), "same bento, same digest")
            let exists = try ws.bento(["containerize", tag, "--output", layout])
            #expect(exists.status != 0 && exists.stderr.contains("already exists"))

            // skopeo reads both forms; umoci (digests, diff_ids, sizes) unpacks the layout.
            let inspect = try Fixtures.run("/usr/bin/skopeo", ["inspect", "oci:\(layout):\(version)"])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(try Fixtures.run("/usr/bin/skopeo", ["inspect", "oci-archive:\(archive)"]).stdout.contains(digest))
            struct Inspect: Decodable { var Digest: String; var Env: [String]; var Layers: [String] }
            let image = try JSONDecoder().decode(Inspect.self, from: Data(inspect.stdout.utf8))
            #expect(image.Digest == digest && image.Layers.count == 3)
            let rawConfig = try Fixtures.run("/usr/bin/skopeo", ["inspect", "--config", "oci:\(layout):\(version)"])
            struct Config: Decodable {
                struct Inner: Decodable { var User: String; var ExposedPorts: [String: [String: String]]; var Entrypoint: [String] }
                var config: Inner
            }
            let config = try JSONDecoder().decode(Config.self, from: Data(rawConfig.stdout.utf8)).config
            #expect(config.User == "65532:65532" && config.ExposedPorts.keys.sorted() == ["3000/tcp"], "\(rawConfig.stdout)")
            #expect(config.Entrypoint == ["/bento/bin/bento", "serve", "/bento"])
            let bundle = ws.dir.appendingPathComponent("bundle").path
            let unpack = try Fixtures.run("/usr/bin/umoci", ["unpack", "--image", "\(layout):\(version)", bundle])
            #expect(unpack.status == 0, "\(unpack.stderr)")

            // The root file system alone runs the server: a mount namespace with /proc, chroot, non-root user,
            // only the image's environment.
            let rootfs = bundle + "/rootfs"
            let env = image.Env.map { "'\($0)'" }.joined(separator: " ")
            let server = try ServedProcess.start(
                "/usr/bin/unshare",
                ["-m", "/bin/sh", "-c",
                 "mount -t proc proc \(rootfs)/proc && exec /usr/bin/env -i \(env) /usr/sbin/chroot --userspec=65532:65532 \(rootfs) "
                    + "/bento/bin/bento serve /bento --host 127.0.0.1 --port 0"])
            defer { server.stop() }
            try await checkServes(server)

            // On a named base image: its layers first, no runtime layer of our own.
            let layered = ws.dir.appendingPathComponent("layered").path
            let onBase = try ws.bento(["containerize", tag, "--output", layered, "--base", layout])
            #expect(onBase.status == 0, "\(onBase.stderr)")
            let layeredInspect = try Fixtures.run("/usr/bin/skopeo", ["inspect", "oci:\(layered):\(version)"])
            let layeredImage = try JSONDecoder().decode(Inspect.self, from: Data(layeredInspect.stdout.utf8))
            #expect(layeredImage.Layers.count == 5 && Array(layeredImage.Layers.prefix(3)) == image.Layers)
            #expect(layeredImage.Env.contains { $0.hasPrefix("LD_LIBRARY_PATH=") }, "the base's environment is kept")
            let layeredBundle = ws.dir.appendingPathComponent("layered-bundle").path
            let layeredUnpack = try Fixtures.run("/usr/bin/umoci", ["unpack", "--image", "\(layered):\(version)", layeredBundle])
            #expect(layeredUnpack.status == 0, "\(layeredUnpack.stderr)")
            #expect(FileManager.default.isExecutableFile(atPath: layeredBundle + "/rootfs/bento/bin/bento"))
            let badBase = try ws.bento(["containerize", tag, "--output", ws.dir.path + "/x", "--base", ws.dir.path])
            #expect(badBase.status != 0 && badBase.stderr.contains("base image"), "\(badBase.stderr)")
        }
    }

    @Test func backendBuildsTheDockerfileWithTheNamedTool() async throws {
        try await withWorkspace { ws in
            try ws.irisBentofile("docker: {system_packages: [libgomp1], env: {LOG_FORMAT: json}}\n")
            let tag = try ws.build()
            let bento = try ws.bento(["get", tag, "-o", "json"])
            #expect(bento.status == 0)
            // A stand-in `docker` on PATH records how it was called and checks the build context.
            let bin = ws.dir.appendingPathComponent("fakebin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let fake = bin.appendingPathComponent("docker").path
            try "#!/bin/sh\necho \"docker $* in $(pwd)\"\ncat env/docker/Dockerfile\n".write(toFile: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
            let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let built = try Fixtures.run(
                Fixtures.bentoExecutable, ["containerize", tag, "--backend", "docker"], environment: ["BENTO_HOME": ws.home, "PATH": path])
            #expect(built.status == 0, "\(built.stderr)")
            let version = tag.split(separator: ":")[1]
            #expect(built.stdout.contains("docker build -f env/docker/Dockerfile -t iris-bento:\(version) . in \(ws.home)/bentos/iris-bento/\(version)"), "\(built.stdout)")
            for line in ["FROM debian:12-slim", "apt-get install -y --no-install-recommends libgomp1", "USER 65532:65532", "EXPOSE 3000",
                         #"ENV LOG_FORMAT="json""#, #"ENTRYPOINT ["/bento/bin/bento", "serve", "/bento"]"#] {
                #expect(built.stdout.contains(line), "\(line)")
            }
            let unknown = try ws.bento(["containerize", tag, "--backend", "kaniko"])
            #expect(unknown.status != 0 && unknown.stderr.contains("--backend must be docker, podman or buildah"))
        }
    }

    @Test func deployKubernetesWritesValidManifests() async throws {
        try await withWorkspace { ws in
            try ws.irisBentofile(
                "config: {runners: {iris: {placement: process, resources: {cpu: '1', memory: 1Gi}, autoscaling: {max_replicas: 4}}}}\n")
            let tag = try ws.build()
            let get = try ws.bento(["get", tag])
            #expect(get.stdout.contains("placement: process"), "\(get.stdout)")
            let out = ws.dir.appendingPathComponent("k8s").path
            let deploy = try ws.bento(["deploy", "kubernetes", tag, "--image", "registry.example.com/iris:1", "--output", out])
            #expect(deploy.status == 0, "\(deploy.stderr)")
            let files = deploy.stdout.split(separator: "\n").map(String.init)
            #expect(files.map { ($0 as NSString).lastPathComponent } == ["api-server.yaml", "runner-iris.yaml"])
            let api = try String(contentsOfFile: files[0], encoding: .utf8)
            #expect(api.contains("urls: http://iris-bento-runner-iris:3000") && api.contains("registry.example.com/iris:1"))
            let runner = try String(contentsOfFile: files[1], encoding: .utf8)
            #expect(runner.contains("HorizontalPodAutoscaler") && runner.contains("maxReplicas: 4") && runner.contains(#""runner", "serve""#))
            let venv = Fixtures.packageRoot.appendingPathComponent(".venv/bin/kubernetes-validate").path
            let validated = try Fixtures.run(venv, ["--strict"] + files)
            #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
            #expect(validated.stdout.contains("passed for resource horizontalpodautoscaler/iris-bento-runner-iris"), "\(validated.stdout)")
        }
    }

    /// A package that does not depend on SwiftBento, so it compiles in seconds: its executable answers
    /// `describe`, `openapi` and `serve` as a service executable would.
    static let tinyMain = #"""
        import Foundation
        let args = CommandLine.arguments.dropFirst()
        switch args.first {
        case "describe":
            print(#"{"name":"tiny","runners":[],"apis":[{"name":"hello","route":"/hello","input":["text/plain"],"output":["text/plain"]}]}"#)
        case "openapi":
            print(#"{"openapi":"3.0.0","info":{"title":"tiny","version":"1"},"paths":{}}"#)
        case "serve":
            print("tiny serve BENTO_HOME=\(ProcessInfo.processInfo.environment["BENTO_HOME"] ?? "-") args=\(Array(args.dropFirst()))")
        default:
            exit(2)
        }
        """#

    func package(_ dir: URL, name: String, main: String) throws -> URL {
        let root = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/\(name)"), withIntermediateDirectories: true)
        try """
            // swift-tools-version:6.0
            import PackageDescription
            let package = Package(name: "\(name)", targets: [.executableTarget(name: "\(name)")])
            """.write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try main.write(to: root.appendingPathComponent("Sources/\(name)/main.swift"), atomically: true, encoding: .utf8)
        return root
    }

    @Test func compilesASwiftPackageServiceOrReportsTheCompiler() async throws {
        try await withWorkspace { ws in
            _ = try package(ws.dir, name: "broken", main: "let x: Int = \"not a number\"\n")
            try "name: broken\nservice: {package: broken, product: broken}\n"
                .write(to: ws.dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
            let failed = try ws.bento(["build", "-f", "broken.yaml"])
            #expect(failed.status != 0)
            #expect(failed.stderr.contains("compiling product 'broken'") && failed.stderr.contains("cannot convert"), "\(failed.stderr)")
            #expect(try ws.bento(["list"]).stdout.split(separator: "\n").count == 1)

            _ = try package(ws.dir, name: "tiny", main: Self.tinyMain)
            try "name: tiny\nservice: {package: tiny, product: tiny}\n"
                .write(to: ws.dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
            let built = try ws.bento(["build", "-f", "tiny.yaml"])
            #expect(built.status == 0, "\(built.stderr)")
            let tag = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let get = try ws.bento(["get", tag])
            #expect(get.stdout.contains("kind: swift") && get.stdout.contains("executable: bin/tiny") && get.stdout.contains("route: /hello"))
            // `bento serve TAG` runs the service's own `serve` with the bento as its home.
            let served = try ws.bento(["serve", tag, "--port", "4100"])
            #expect(served.status == 0, "\(served.stderr)")
            #expect(served.stdout.contains("BENTO_HOME=\(ws.home)/bentos/tiny/") && served.stdout.contains(#"args=["--port", "4100"]"#), "\(served.stdout)")
        }
    }
}
