public import BentoCore
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Assembles a bento in the store from a bentofile: the service's executable in `bin/`, copies of
/// its models in `models/` (the model store's layout), native libraries in `lib/`, its config,
/// `openapi.json`, a README, a Dockerfile and Kubernetes manifests, all described by `bento.yaml`.
///
/// Everything is staged inside the store and renamed into place at the end, so a failed build
/// (a missing model, a bad config, a failed compile) leaves nothing behind.
///
/// ```swift
/// let builder = BentoBuilder(models: ModelStore(home: home), bentos: BentoStore(home: home))
/// let bento = try builder.build(bentofile, service: .zeroCode(description, openAPI: doc, executable: "/usr/bin/bento"))
/// ```
public struct BentoBuilder: Sendable {
    /// What the bento runs.
    public enum ServiceArtifact: Sendable {
        /// The `bento` tool itself (at `executable`) serving the bentofile's models.
        case zeroCode(ServiceDescription, openAPI: [UInt8], executable: String)
        /// A compiled service executable (see ``SwiftPackageCompiler``).
        case swift(ServiceDescription, openAPI: [UInt8], executable: String)
    }

    public var models: ModelStore
    public var bentos: BentoStore
    /// Native libraries the executable loads at run time (libonnxruntime), copied into `lib/`.
    public var nativeLibraries: [String]

    public init(models: ModelStore, bentos: BentoStore, nativeLibraries: [String] = []) {
        self.models = models
        self.bentos = bentos
        self.nativeLibraries = nativeLibraries
    }

    /// Resolves every model the bentofile names, failing with the missing tag before anything is written.
    public func resolveModels(_ bentofile: Bentofile) throws -> [StoredModel] {
        var out: [StoredModel] = []
        for text in bentofile.models {
            do {
                let model = try models.get(try Tag(parsing: text))
                guard !out.contains(where: { $0.info.name == model.info.name }) else {
                    throw BuildError(.invalidBentofile, "the bentofile names model '\(model.info.name)' twice; keep one version")
                }
                out.append(model)
            } catch let error as StoreError {
                throw BuildError(
                    .modelMissing,
                    "model '\(text)' named in the bentofile cannot be used: \(error.message)")
            }
        }
        return out
    }

    /// Builds and stores the bento; `progress` gets bytes copied and the total.
    public func build(
        _ bentofile: Bentofile,
        service: ServiceArtifact,
        version: String = Tag.generateVersion(),
        creationTime: Date = Date(),
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws -> StoredBento {
        let stored = try resolveModels(bentofile)
        let config = try BentoConfig(yaml: bentofile.config, source: bentofile.directory + "/bentofile.yaml")
        let (description, openAPI, executable, kind) =
            switch service {
            case .zeroCode(let d, let o, let e): (d, o, e, "zero-code")
            case .swift(let d, let o, let e): (d, o, e, "swift")
            }
        let exeName = kind == "zero-code" ? "bento" : (executable as NSString).lastPathComponent
        let sources = try includedFiles(bentofile)
        var info = BentoInfo(
            service: .init(kind: kind, executable: "bin/" + exeName),
            name: bentofile.name, version: version,
            description: bentofile.description.isEmpty ? nil : bentofile.description,
            creationTime: creationTime, labels: bentofile.labels,
            models: stored.map { .init(tag: $0.tag.description, framework: $0.info.framework, size: $0.info.size) },
            runners: description.runners.map { runner in
                let deployment = config.runners[runner.name]
                return BentoInfo.Runner(
                    name: runner.name, placement: deployment?.placement ?? runner.placement,
                    model: runner.model, resources: deployment?.resources.isEmpty == false ? deployment?.resources : nil,
                    autoscaling: deployment?.autoscaling.isEmpty == false ? deployment?.autoscaling : nil)
            },
            apis: description.apis,
            docker: .init(
                baseImage: bentofile.docker.baseImage, systemPackages: bentofile.docker.systemPackages, env: bentofile.docker.env),
            files: [])
        if let unknown = config.runners.keys.sorted().first(where: { name in !info.runners.contains { $0.name == name } }) {
            throw BuildError(
                .invalidBentofile,
                "the config sets runners.\(unknown).placement/resources, but the service has no runner '\(unknown)'; it has "
                    + (info.runners.isEmpty ? "none" : info.runners.map(\.name).joined(separator: ", ")))
        }

        let staging = try bentos.makeStagingDirectory()
        do {
            let total = (FileSystem.size(executable) ?? 0) + stored.reduce(0) { $0 + $1.info.size }
                + nativeLibraries.reduce(0) { $0 + (FileSystem.size($1) ?? 0) }
            var done: Int64 = 0
            func copy(_ from: String, _ to: String, mode: mode_t = 0o644) throws {
                let target = staging + "/" + to
                try FileSystem.makeDirectory((target as NSString).deletingLastPathComponent)
                let base = done
                let (_, size) = try HashingCopy.copy(from: from, to: target) { progress(base + $0, total) }
                chmod(target, mode)
                done += size
            }
            func write(_ text: String, _ to: String) throws {
                let target = staging + "/" + to
                try FileSystem.makeDirectory((target as NSString).deletingLastPathComponent)
                try FileSystem.writeAtomically(text, to: target)
            }
            try copy(executable, info.service.executable, mode: 0o755)
            for library in nativeLibraries {
                try copy(library, "lib/" + (library as NSString).lastPathComponent, mode: 0o755)
            }
            for model in stored {
                let folder = "models/\(model.info.name)/\(model.info.version)/"
                try copy(model.path(of: "model.yaml"), folder + "model.yaml")
                for file in model.info.files {
                    try copy(model.path(of: file.path), folder + file.path)
                    let (sha, _) = try HashingCopy.hash(staging + "/" + folder + file.path)
                    guard sha == file.sha256 else {
                        throw BuildError(
                            .modelMissing,
                            "model '\(model.tag)' is damaged: '\(file.path)' no longer matches its sha256; re-import it")
                    }
                }
                try write(model.info.version + "\n", "models/\(model.info.name)/latest")
            }
            for (relative, absolute) in sources { try copy(absolute, "src/" + relative) }
            if let serving = config.serving { try write(serving, "config.yaml") }
            try write(String(decoding: openAPI, as: UTF8.self), "openapi.json")
            try write(Readme.text(for: info), "README.md")
            try write(Dockerfile.text(for: info), "env/docker/Dockerfile")
            let manifests = try KubernetesManifests(
                bento: info, image: "\(info.name):\(info.version)", servingConfig: config.serving)
            for (name, text) in manifests.files { try write(text, "deploy/kubernetes/" + name) }

            for path in try FileSystem.regularFiles(under: staging) {
                let (sha, size) = try HashingCopy.hash(staging + "/" + path)
                let executable = path.hasPrefix("bin/") || path.hasPrefix("lib/")
                info.files.append(.init(path: path, size: size, sha256: sha, executable: executable ? true : nil))
            }
            return try bentos.install(staging: staging, info: info)
        } catch {
            FileSystem.remove(staging)
            throw error
        }
    }

    /// The files `include` selects and `exclude` does not, relative to the bentofile's folder.
    func includedFiles(_ bentofile: Bentofile) throws -> [(String, String)] {
        guard !bentofile.include.isEmpty else { return [] }
        let all = try FileSystem.regularFiles(under: bentofile.directory)
        return all.filter { path in
            bentofile.include.contains { fnmatch($0, path, 0) == 0 } && !bentofile.exclude.contains { fnmatch($0, path, 0) == 0 }
                && !path.hasPrefix(".build/")
        }.map { ($0, bentofile.directory + "/" + $0) }
    }
}
