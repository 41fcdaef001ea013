import BentoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a bento as an OCI image with no daemon: an image layout folder, or an `oci-archive`
/// tar of one when the output ends in `.tar`.
///
/// Three uncompressed layers, ordered for cache reuse: the runtime libraries (the shared-library
/// closure of the binary and of `lib/`, the dynamic loader, `/etc/passwd`, `/tmp`), then the
/// models, then the binary and the rest of the bento. Every member has owner 0:0 and time 0, so
/// the same bento always gives the same digest. The image runs as a numeric non-root user and
/// its entrypoint serves the bento on port 3000; arguments given to the container (`--port 8080`)
/// are passed on to `serve`.
///
/// ```swift
/// let image = try OCIImageWriter(bento: bento).write(to: "/tmp/iris.tar")
/// print(image.manifestDigest)
/// ```
public struct OCIImageWriter {
    /// What was written.
    public struct Image: Sendable {
        /// `sha256:…` of the image manifest: the image's identity.
        public var manifestDigest: String
        /// The `org.opencontainers.image.ref.name` the index gives it (the bento's version).
        public var reference: String
        /// Bytes of every layer together.
        public var layersSize: Int64
        /// The layout folder or archive.
        public var path: String
    }

    public var bento: StoredBento
    /// An OCI image layout whose (first) image is the base: its layers come first and its
    /// environment is kept, and the runtime-library layer is left out (the base must hold them).
    public var baseLayout: String?

    public init(bento: StoredBento, baseLayout: String? = nil) {
        self.bento = bento
        self.baseLayout = baseLayout
    }

    /// Writes the image to `output` (must not exist): a folder, or an archive when it ends in `.tar`.
    public func write(to output: String) throws -> Image {
        let output = URL(fileURLWithPath: output).standardizedFileURL.path
        guard FileSystem.kind(output) == .missing else {
            throw BuildError(.invalidBento, "\(output) already exists; remove it or choose another --output")
        }
        let parent = (output as NSString).deletingLastPathComponent
        let temp = (parent.isEmpty ? "." : parent) + "/.\((output as NSString).lastPathComponent).tmp-\(getpid())"
        FileSystem.remove(temp)
        do {
            var image = try writeLayout(at: temp)
            if output.hasSuffix(".tar") {
                try archive(layout: temp, to: output)
                FileSystem.remove(temp)
            } else {
                try FileSystem.rename(temp, to: output)
            }
            image.path = output
            return image
        } catch {
            FileSystem.remove(temp)
            throw error
        }
    }

    /// The layers, in order.
    func layers() throws -> [ImageLayer] {
        let info = bento.info
        let root = BentoInfo.imageRoot
        let binary = bento.path(of: info.service.executable)
        let libraries = info.files.filter { $0.path.hasPrefix("lib/") }.map { bento.path(of: $0.path) }
        var runtime = ImageLayer(comment: "runtime libraries: the shared-library closure of the binary and lib/")
        if baseLayout != nil { runtime.members = [] } else { try addRuntime(to: &runtime, binaries: [binary] + libraries) }
        var models = ImageLayer(comment: "models: \(info.models.map(\.tag).joined(separator: ", "))")
        var app = ImageLayer(comment: "the bento \(info.tag): binary, config and the rest")
        app.addFile(root + "/bento.yaml", from: bento.path(of: "bento.yaml"), mode: 0o644)
        for file in info.files {
            let mode = file.executable == true ? 0o755 : 0o644
            if file.path.hasPrefix("models/") {
                models.addFile(root + "/" + file.path, from: bento.path(of: file.path), mode: mode)
            } else {
                app.addFile(root + "/" + file.path, from: bento.path(of: file.path), mode: mode)
            }
        }
        return baseLayout == nil ? [runtime, models, app] : [models, app]
    }

    /// The binaries' shared-library closure, the account files and the usual mount points.
    func addRuntime(to runtime: inout ImageLayer, binaries: [String]) throws {
        for library in try LibraryClosure.of(binaries) {
            runtime.addFile(library.imagePath, from: library.file, mode: 0o755)
        }
        runtime.addBytes("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nbento:x:65532:65532:bento:/tmp:/sbin/nologin\n")
        runtime.addBytes("/etc/group", "root:x:0:\nbento:x:65532:\n")
        runtime.addDirectory("/tmp", mode: 0o1777)
        for mountPoint in ["/proc", "/sys", "/dev"] { runtime.addDirectory(mountPoint) }
    }

    /// The folders holding the closure's libraries, for `LD_LIBRARY_PATH`.
    static func libraryPath(_ layers: [ImageLayer]) -> String {
        var folders: [String] = []
        for member in layers.first?.members ?? [] where member.path.contains(".so") {
            let folder = (member.path as NSString).deletingLastPathComponent
            if !folders.contains(folder) { folders.append(folder) }
        }
        return (folders + [BentoInfo.imageRoot + "/lib"]).joined(separator: ":")
    }

    func writeLayout(at layout: String) throws -> Image {
        let blobs = layout + "/blobs/sha256"
        try FileSystem.makeDirectory(blobs)
        let layers = try layers()
        var descriptors: [JSONValue] = []
        var diffIDs: [JSONValue] = []
        var history: [JSONValue] = []
        var total: Int64 = 0
        let created = Self.timestamp(bento.info.creationTime)
        var baseEnv: [String] = []
        if let baseLayout {
            let base = try BaseImage(layout: baseLayout)
            for (layer, diffID) in zip(base.layers, base.diffIDs) {
                let hex = String(layer.digest.dropFirst("sha256:".count))
                if FileSystem.kind(blobs + "/" + hex) == .missing {
                    _ = try HashingCopy.copy(from: baseLayout + "/blobs/sha256/" + hex, to: blobs + "/" + hex)
                }
                total += layer.size
                descriptors.append(["mediaType": .string(layer.mediaType), "digest": .string(layer.digest), "size": .int(Int(layer.size))])
                diffIDs.append(.string(diffID))
                history.append(["created": .string(created), "created_by": .string("base image \(baseLayout)")])
            }
            baseEnv = base.env
        }
        for (i, layer) in layers.enumerated() {
            let temp = blobs + "/.layer-\(i)"
            let (digest, size) = try layer.write(to: temp)
            try FileSystem.rename(temp, to: blobs + "/" + digest)
            total += size
            descriptors.append(["mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": .string("sha256:" + digest), "size": .int(Int(size))])
            diffIDs.append(.string("sha256:" + digest))
            history.append(["created": .string(created), "created_by": .string("bento containerize: " + layer.comment)])
        }
        let info = bento.info
        var env: [String: String] = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/tmp"]
        for entry in baseEnv {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            env[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        if baseLayout == nil { env["LD_LIBRARY_PATH"] = Self.libraryPath(layers) }
        env.merge(info.serveEnvironment()) { $1 }
        var labels = info.labels
        labels["org.opencontainers.image.title"] = info.name
        labels["org.opencontainers.image.version"] = info.version
        labels["org.opencontainers.image.created"] = created
        labels["ai.swiftbento.bento"] = info.tag.description
        if let description = info.description { labels["org.opencontainers.image.description"] = description }
        let config: JSONValue = [
            "created": .string(created),
            "architecture": .string(Self.architecture()),
            "os": "linux",
            "config": [
                "User": .string(BentoInfo.imageUser),
                "ExposedPorts": .object([("\(BentoInfo.imagePort)/tcp", .object([]))]),
                "Env": .array(env.sorted { $0.key < $1.key }.map { .string("\($0.key)=\($0.value)") }),
                "Entrypoint": .array(info.serveCommand().map { .string($0) }),
                "WorkingDir": .string(BentoInfo.imageRoot),
                "Labels": .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            ],
            "rootfs": ["type": "layers", "diff_ids": .array(diffIDs)],
            "history": .array(history),
        ]
        let configDescriptor = try Self.writeBlob(config.bytes(), in: blobs, mediaType: "application/vnd.oci.image.config.v1+json")
        let manifest: JSONValue = [
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": configDescriptor.descriptor,
            "layers": .array(descriptors),
            "annotations": ["org.opencontainers.image.created": .string(created)],
        ]
        let manifestDescriptor = try Self.writeBlob(manifest.bytes(), in: blobs, mediaType: "application/vnd.oci.image.manifest.v1+json")
        var entry = manifestDescriptor.descriptor
        entry.set("annotations", ["org.opencontainers.image.ref.name": .string(info.version)])
        let index: JSONValue = [
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [entry],
        ]
        try FileSystem.writeAtomically(String(decoding: index.bytes(), as: UTF8.self), to: layout + "/index.json")
        try FileSystem.writeAtomically(#"{"imageLayoutVersion":"1.0.0"}"#, to: layout + "/oci-layout")
        return Image(manifestDigest: manifestDescriptor.digest, reference: info.version, layersSize: total, path: layout)
    }

    static func writeBlob(_ bytes: [UInt8], in blobs: String, mediaType: String) throws -> (digest: String, descriptor: JSONValue) {
        let temp = blobs + "/.blob-\(getpid())"
        try FileSystem.writeAtomically(String(decoding: bytes, as: UTF8.self), to: temp)
        let (hex, size) = try HashingCopy.hash(temp)
        try FileSystem.rename(temp, to: blobs + "/" + hex)
        let digest = "sha256:" + hex
        return (digest, ["mediaType": .string(mediaType), "digest": .string(digest), "size": .int(Int(size))])
    }

    /// Packs a layout folder as an `oci-archive`: a tar of `oci-layout`, `index.json` and `blobs/`.
    func archive(layout: String, to output: String) throws {
        let temp = output + ".tmp-\(getpid())"
        do {
            let writer = try TarWriter(creating: temp, mtime: 0)
            try writer.addFile(named: "oci-layout", from: layout + "/oci-layout")
            try writer.addFile(named: "index.json", from: layout + "/index.json")
            try writer.addDirectory(named: "blobs")
            try writer.addDirectory(named: "blobs/sha256")
            for blob in FileSystem.list(layout + "/blobs/sha256") {
                try writer.addFile(named: "blobs/sha256/" + blob, from: layout + "/blobs/sha256/" + blob)
            }
            try writer.finish()
            try FileSystem.rename(temp, to: output)
        } catch {
            FileSystem.remove(temp)
            throw error
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The OCI name of this machine's architecture.
    static func architecture() -> String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64", "arm64": return "arm64"
        default: return machine
        }
    }
}
