import Foundation

extension ModelStore {
    /// What a path given to import holds.
    public enum ImportSource: Sendable, Equatable {
        /// A tar archive (plain, gzip or xz): a SwiftBento export or a BentoML `.bentomodel`.
        case archive
        /// A folder with a `model.yaml`, SwiftBento's or BentoML's.
        case modelFolder
        /// A model file, or a folder of files, with no `model.yaml`: saved as a new model.
        case files
    }

    /// Changes applied to an imported model's record.
    public struct ImportOverrides: Sendable {
        /// A new name (the version is kept).
        public var name: String?
        /// Labels added to (or replacing) the stored ones.
        public var labels: [String: String]
        /// Metadata added to (or replacing) the stored values.
        public var metadata: [String: MetadataValue]

        /// Creates overrides; the defaults change nothing.
        public init(name: String? = nil, labels: [String: String] = [:], metadata: [String: MetadataValue] = [:]) {
            self.name = name
            self.labels = labels
            self.metadata = metadata
        }
    }

    /// Tells archives, model folders and plain files apart (by content, not by extension).
    public static func classify(_ path: String) throws(StoreError) -> ImportSource {
        switch FileSystem.kind(URL(fileURLWithPath: path).resolvingSymlinksInPath().path) {
        case .directory:
            return FileSystem.kind(path + "/model.yaml") == .file ? .modelFolder : .files
        case .file:
            if try ArchiveInput.sniff(path) != .none { return .archive }
            let file = try POSIXFile.openForReading(path)
            let block = try file.readPrefix(TarHeader.blockSize)
            return block.count == TarHeader.blockSize && block[257..<262].elementsEqual("ustar".utf8) ? .archive : .files
        case .missing:
            throw StoreError(.notFound, "\(path) does not exist; check the path")
        case .symlink, .other:
            throw StoreError(.invalidModel, "\(path) is not a plain file or folder")
        }
    }

    /// Imports an archive made by ``export(_:to:progress:)`` or BentoML's `bentoml models export`,
    /// keeping its tag and checking every file's sha256 (a SwiftBento export) before anything
    /// becomes visible. Unsafe members are refused (see ``TarExtractor``).
    @discardableResult
    public func importArchive(
        at path: String,
        overrides: ImportOverrides = .init(),
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws(StoreError) -> StoredModel {
        let total = FileSystem.size(path) ?? 0
        let staging = try makeStagingDirectory()
        defer { FileSystem.remove(staging) }
        let extracted = try TarExtractor.extract(
            archiveAt: path, into: staging, limits: .init(maxTotalSize: maxImportSize)
        ) { progress(min($0, total), total) }
        var root = staging
        var prefix = ""
        if FileSystem.kind(staging + "/model.yaml") != .file {
            let top = FileSystem.list(staging)
            guard top.count == 1, FileSystem.kind(staging + "/" + top[0] + "/model.yaml") == .file else {
                throw StoreError(.invalidModel, "\(path) holds no model.yaml; it is not a model export")
            }
            root = staging + "/" + top[0]
            prefix = top[0] + "/"
        }
        let files = extracted.filter { $0.path.hasPrefix(prefix) }.map {
            ModelInfo.File(path: String($0.path.dropFirst(prefix.count)), size: $0.size, sha256: $0.sha256)
        }
        return try adopt(root, files: files, source: path, overrides: overrides)
    }

    /// Imports a folder holding a `model.yaml` (a SwiftBento entry or a BentoML model folder such as
    /// `~/bentoml/models/iris/<version>/`), copying and hashing its files.
    @discardableResult
    public func importFolder(
        at path: String,
        overrides: ImportOverrides = .init(),
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws(StoreError) -> StoredModel {
        let names = try FileSystem.regularFiles(under: path).filter { $0 != "model.yaml" }
        let total = names.reduce(Int64(0)) { $0 + (FileSystem.size(path + "/" + $1) ?? 0) }
        let staging = try makeStagingDirectory()
        defer { FileSystem.remove(staging) }
        var files: [ModelInfo.File] = []
        var done: Int64 = 0
        for name in names {
            if let slash = name.lastIndex(of: "/") { try FileSystem.makeDirectory(staging + "/" + name[..<slash]) }
            let base = done
            let (sha, size) = try HashingCopy.copy(from: path + "/" + name, to: staging + "/" + name) {
                progress(base + $0, total)
            }
            done += size
            files.append(ModelInfo.File(path: name, size: size, sha256: sha))
        }
        try FileSystem.writeAtomically(try FileSystem.readText(path + "/model.yaml"), to: staging + "/model.yaml")
        return try adopt(staging, files: files, source: path, overrides: overrides)
    }

    /// Reads the staged `model.yaml`, checks or records the files, applies overrides and commits.
    private func adopt(
        _ root: String, files: [ModelInfo.File], source: String, overrides: ImportOverrides
    ) throws(StoreError) -> StoredModel {
        let yamlPath = root + "/model.yaml"
        let text = try FileSystem.readText(yamlPath)
        let payload = files.filter { $0.path != "model.yaml" }
        var info: ModelInfo
        if BentoMLModel.isBentoML(text) {
            info = try BentoMLModel(yaml: text, source: "\(source) model.yaml").info(files: payload)
        } else {
            info = try ModelInfo(yaml: text, source: "\(source) model.yaml")
            try Self.check(payload, against: info, source: source)
        }
        if let name = overrides.name {
            try Tag.validate(name, part: "name")
            info.name = name
        }
        info.labels.merge(overrides.labels) { $1 }
        info.metadata.merge(overrides.metadata) { $1 }
        return try commit(staging: root, info: info)
    }

    /// Every file in `model.yaml` must have arrived with its size and sha256, and nothing else.
    static func check(_ files: [ModelInfo.File], against info: ModelInfo, source: String) throws(StoreError) {
        let arrived = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for expected in info.files {
            guard let got = arrived[expected.path] else {
                throw StoreError(.corrupted, "\(source) lacks '\(expected.path)', which its model.yaml lists; export it again")
            }
            guard got.size == expected.size, got.sha256 == expected.sha256 else {
                throw StoreError(
                    .corrupted, "\(source): '\(expected.path)' does not match the sha256 in its model.yaml; export it again")
            }
        }
        if let extra = files.first(where: { file in !info.files.contains { $0.path == file.path } }) {
            throw StoreError(.corrupted, "\(source) holds '\(extra.path)', which its model.yaml does not list; export it again")
        }
    }
}
