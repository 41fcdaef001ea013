import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoBuild

/// The bento store through the library: builds with a stand-in executable (no compile), export,
/// import, `latest`, delete, archive safety, and atomic failure.
@Suite struct BentoStoreTests {
    static let description = ServiceDescription(
        name: "svc", runners: [.init(name: "iris", placement: "embedded")],
        apis: [.init(name: "classify", route: "/classify", input: ["application/json"], output: ["application/json"])])

    func bentofile(_ dir: URL, extra: String = "") throws -> Bentofile {
        try Bentofile(
            yaml: "name: svc\nservice: {package: ., product: true}\nlabels: {a: b}\n" + extra, source: "bentofile.yaml",
            directory: dir.path)
    }

    func build(_ home: String, _ file: Bentofile, version: String? = nil) throws -> StoredBento {
        let builder = BentoBuilder(models: ModelStore(home: home), bentos: BentoStore(home: home))
        return try builder.build(
            file, service: .swift(Self.description, openAPI: Array(#"{"openapi":"3.0.0"}"#.utf8), executable: "/bin/true"),
            version: version ?? Tag.generateVersion())
    }

    @Test func buildsListsExportsImportsAndDeletes() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let home = dir.appendingPathComponent("home").path
            let store = BentoStore(home: home)
            let first = try build(home, try bentofile(dir), version: "v1")
            #expect(first.info.service == .init(kind: "swift", executable: "bin/true"))
            #expect(first.info.apis.map(\.route) == ["/classify"])
            #expect(first.info.runners == [.init(name: "iris", placement: "embedded")])
            for path in ["bin/true", "openapi.json", "README.md", "env/docker/Dockerfile", "deploy/kubernetes/api-server.yaml"] {
                #expect(first.info.files.contains { $0.path == path }, "\(path)")
            }
            #expect(FileManager.default.isExecutableFile(atPath: first.path(of: "bin/true")))
            let second = try build(home, try bentofile(dir), version: "v2")
            #expect(try store.get("svc").info.version == second.info.version)
            #expect(store.list().map(\.tag.description) == ["svc:v2", "svc:v1"])

            // Export, delete, import: same tag and files, program still executable.
            let archive = try store.export(Tag(parsing: "svc:v1"), to: dir.path)
            #expect(archive.hasSuffix("/svc-v1.bento"))
            #expect(try store.delete(Tag(parsing: "svc:v1")).description == "svc:v1")
            #expect(throws: StoreError.self) { try store.get("svc:v1") }
            let imported = try store.importArchive(at: archive)
            #expect(imported.info == first.info)
            #expect(FileManager.default.isExecutableFile(atPath: imported.path(of: "bin/true")))
            #expect(throws: StoreError.self) { try store.importArchive(at: archive) }  // already stored
            _ = try store.get("svc:v1", verifyHashes: true)

            try store.delete(Tag(parsing: "svc"))
            #expect(try store.get("svc").info.version == "v1")
            try store.delete(Tag(parsing: "svc"))
            #expect(store.list().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: home + "/bentos/svc"))
        }
    }

    @Test func aFailedBuildLeavesNothing() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let home = dir.appendingPathComponent("home").path
            // A missing model, a config for a runner the service lacks, an unreadable executable.
            #expect { _ = try build(home, try bentofile(dir, extra: "models: [nope:latest]\n")) } throws: { error in
                (error as? BuildError)?.code == .modelMissing && "\(error)".contains("nope:latest")
            }
            #expect { _ = try build(home, try bentofile(dir, extra: "config: {runners: {other: {placement: process}}}\n")) } throws: {
                "\($0)".contains("no runner 'other'")
            }
            let builder = BentoBuilder(models: ModelStore(home: home), bentos: BentoStore(home: home))
            #expect(throws: StoreError.self) {
                _ = try builder.build(
                    try bentofile(dir), service: .swift(Self.description, openAPI: [], executable: dir.path + "/missing"))
            }
            #expect(BentoStore(home: home).list().isEmpty)
            #expect(FileSystem.list(home + "/bentos/.tmp").isEmpty)
        }
    }

    @Test func refusesTamperedAndUnsafeArchives() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let home = dir.appendingPathComponent("home").path
            let store = BentoStore(home: home)
            let bento = try build(home, try bentofile(dir), version: "v1")
            // A file changed after the build: export refuses it and writes nothing.
            try Data("changed".utf8).write(to: URL(fileURLWithPath: bento.path(of: "README.md")))
            #expect { _ = try store.export(bento.info.tag, to: dir.path + "/x.bento") } throws: { "\($0)".contains("README.md") }
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.bento"))
            // An archive with a link member is refused, naming it.
            let evil = dir.appendingPathComponent("evil")
            try FileManager.default.createDirectory(at: evil, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: evil.path + "/bento.yaml", withDestinationPath: "/etc/passwd")
            let tar = try Fixtures.run("/usr/bin/tar", ["-cf", dir.path + "/evil.tar", "-C", evil.path, "bento.yaml"])
            #expect(tar.status == 0)
            #expect { _ = try store.importArchive(at: dir.path + "/evil.tar") } throws: { error in
                (error as? StoreError)?.code == .unsafeArchive && "\(error)".contains("bento.yaml")
            }
            #expect(store.list().count == 1)
        }
    }

    @Test func kubernetesManifestsFollowTheRunners() throws {
        let info = BentoInfo(
            service: .init(kind: "zero-code", executable: "bin/bento"), name: "iris_svc", version: "v1", description: nil,
            creationTime: Date(timeIntervalSince1970: 0), labels: [:], models: [],
            runners: [
                .init(name: "iris", placement: "process", model: "iris:v1", resources: ["cpu": "2", "memory": "1Gi"],
                      autoscaling: ["max_replicas": "7"]),
                .init(name: "small", placement: "embedded"),
            ],
            apis: [], docker: .init(baseImage: "debian:12-slim", systemPackages: [], env: [:]), files: [])
        let manifests = try KubernetesManifests(bento: info, image: "example.com/iris:v1", servingConfig: "api_server:\n  http:\n    port: 3000\n")
        #expect(manifests.files.map(\.0) == ["api-server.yaml", "runner-iris.yaml"])
        let api = manifests.files[0].1
        #expect(api.contains("kind: ConfigMap") && api.contains("kind: Deployment") && api.contains("kind: Service"))
        #expect(api.contains("urls: http://iris-svc-runner-iris:3000"), "\(api)")
        #expect(api.contains("path: /readyz") && api.contains("path: /livez"))
        let runner = manifests.files[1].1
        #expect(runner.contains("kind: HorizontalPodAutoscaler") && runner.contains("maxReplicas: 7"))
        #expect(runner.contains(#"memory: "1Gi""#) && runner.contains(#"cpu: "2""#))
        #expect(!runner.contains("small"))
        #expect(runner.contains(#"args: ["runner", "serve", "iris:v1", "#) && !runner.contains("--name"), "\(runner)")
    }

    @Test func kubernetesRunnersOfASwiftServiceAreHostedByName() throws {
        let info = BentoInfo(
            service: .init(kind: "swift", executable: "bin/iris-service"), name: "iris_svc", version: "v1", description: nil,
            creationTime: Date(timeIntervalSince1970: 0), labels: [:], models: [],
            runners: [.init(name: "iris", placement: "process")],
            apis: [], docker: .init(baseImage: "debian:12-slim", systemPackages: [], env: [:]), files: [])
        let manifests = try KubernetesManifests(bento: info, image: "example.com/iris:v1", servingConfig: nil)
        let runner = try #require(manifests.files.first { $0.0 == "runner-iris.yaml" }?.1)
        // The service's own executable, told which of its runners to host.
        #expect(runner.contains("/bin/iris-service"), "\(runner)")
        #expect(runner.contains(#"args: ["runner", "serve", "--name", "iris", "--home""#), "\(runner)")
    }
}
