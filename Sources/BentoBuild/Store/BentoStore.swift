public import BentoCore
import Foundation

/// The local bento store, `$BENTO_HOME/bentos/<name>/<version>/`, with the model store's
/// versioning, `latest`, locking and archive checks (it shares their code, ``VersionedStore``).
///
/// ```swift
/// let store = BentoStore(home: ModelStore.defaultHome())
/// let bento = try store.get("iris-classifier:latest")
/// try store.export(bento.info.tag, to: "/tmp/iris.bento")
/// ```
public struct BentoStore: Sendable {
    /// The `BENTO_HOME` folder.
    public let home: String
    /// Archives whose files add up to more than this many bytes are refused on import.
    public var maxImportSize: Int64

    /// Opens (without creating anything yet) the store under `home`.
    public init(home: String, maxImportSize: Int64 = ModelStore.defaultMaxImportSize) {
        self.home = home
        self.maxImportSize = maxImportSize
    }

    /// `<home>/bentos`.
    public var bentosDirectory: String { home + "/bentos" }

    var core: VersionedStore {
        let store = self
        return VersionedStore(root: bentosDirectory, noun: "bento", command: "bento") { store.newestVersion(of: $0) }
    }

    /// One entry of ``list(name:)``: a healthy bento, or a broken one with what is wrong.
    public struct Entry: Sendable, Hashable {
        public var tag: Tag
        public var info: BentoInfo?
        public var problem: String?
    }

    /// Every bento, by name then newest first; broken entries carry their ``Entry/problem``.
    public func list(name: String? = nil) -> [Entry] {
        let names = name.map { [$0] } ?? core.names()
        var result: [Entry] = []
        for name in names {
            var entries: [Entry] = []
            for version in core.versionFolders(of: name) {
                let tag = Tag(name: name, version: version)
                do {
                    let bento = try Self.open(core.directory(of: tag), checkHashes: false)
                    guard bento.info.tag == tag else {
                        throw BuildError(.invalidBento, "its bento.yaml says \(bento.info.tag); delete it and build again")
                    }
                    entries.append(Entry(tag: tag, info: bento.info, problem: nil))
                } catch {
                    entries.append(Entry(tag: tag, info: nil, problem: "\(error)"))
                }
            }
            entries.sort { a, b in
                let (ta, tb) = (a.info?.creationTime ?? .distantPast, b.info?.creationTime ?? .distantPast)
                return ta != tb ? ta > tb : a.tag.version! > b.tag.version!
            }
            result += entries
        }
        return result
    }

    /// Gets a bento by `name`, `name:latest` or `name:version`, checking its files are all there
    /// (and, with `verifyHashes`, their sha256).
    public func get(_ tag: Tag, verifyHashes: Bool = false) throws -> StoredBento {
        let exact = try core.resolve(tag)
        let bento = try Self.open(core.directory(of: exact), checkHashes: verifyHashes)
        guard bento.info.tag == exact else {
            throw BuildError(.invalidBento, "bento '\(exact)' is corrupted: its bento.yaml says \(bento.info.tag); delete it with `bento delete \(exact) -y`")
        }
        return bento
    }

    /// Parses `text` as a tag and gets it.
    public func get(_ text: String, verifyHashes: Bool = false) throws -> StoredBento {
        try get(try Tag(parsing: text), verifyHashes: verifyHashes)
    }

    /// The exact tag `tag` names.
    public func resolve(_ tag: Tag) throws(StoreError) -> Tag { try core.resolve(tag) }

    /// Deletes a bento; `latest` moves to the newest remaining version.
    @discardableResult
    public func delete(_ tag: Tag) throws(StoreError) -> Tag { try core.delete(tag) }

    /// Staging folders left by interrupted builds or imports.
    public func leftovers() -> [String] { core.leftovers() }

    /// Opens the bento in `directory` (a store entry or an unpacked export): reads `bento.yaml`
    /// and checks that every file it lists is there with its size (and sha256 when asked).
    public static func open(_ directory: String, checkHashes: Bool = false) throws -> StoredBento {
        let yamlPath = directory + "/bento.yaml"
        guard let bytes = try FileSystem.readRegularFile(yamlPath) else {
            throw BuildError(.invalidBento, "\(directory) is not a bento: it has no bento.yaml")
        }
        let info = try BentoInfo(yaml: String(decoding: bytes, as: UTF8.self), source: yamlPath)
        for file in info.files {
            let path = directory + "/" + file.path
            guard let size = FileSystem.size(path), size == file.size else {
                throw BuildError(
                    .invalidBento, "bento \(info.tag) in \(directory) is damaged: '\(file.path)' is missing or of the wrong size")
            }
            if checkHashes, try HashingCopy.hash(path).sha256 != file.sha256 {
                throw BuildError(.invalidBento, "bento \(info.tag) in \(directory) is damaged: '\(file.path)' does not match its sha256")
            }
        }
        return StoredBento(info: info, directory: directory)
    }

    /// A fresh staging folder for a build or import; ``install(_:)`` or removal ends it.
    func makeStagingDirectory() throws(StoreError) -> String { try core.makeStagingDirectory() }

    /// Writes `bento.yaml` into a filled staging folder, fsyncs and renames it into place.
    func install(staging: String, info: BentoInfo) throws -> StoredBento {
        var info = info
        info.files.sort { $0.path < $1.path }
        FileSystem.remove(staging + "/bento.yaml")
        let yaml = try POSIXFile.create(staging + "/bento.yaml", exclusive: true)
        try yaml.write(Array(try info.yaml().utf8))
        try yaml.sync()
        try yaml.close()
        try FileSystem.syncDirectory(staging)
        let target = try core.install(staging, as: info.tag)
        return StoredBento(info: info, directory: target)
    }

    /// The newest healthy version of `name`.
    func newestVersion(of name: String) -> String? {
        list(name: name).first { $0.problem == nil }?.tag.version
    }
}
