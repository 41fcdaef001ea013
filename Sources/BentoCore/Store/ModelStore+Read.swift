import Foundation

extension ModelStore {
    /// One entry of ``list(name:labels:)``: a healthy model, or a broken one with what is wrong.
    public struct Entry: Sendable, Hashable {
        /// The entry's tag (from its folder names).
        public var tag: Tag
        /// The listed fields of its `model.yaml`, `nil` when it is missing or unreadable; get the
        /// whole record with ``ModelStore/get(_:verifyHashes:)``.
        public var summary: ModelSummary?
        /// Why the entry cannot be served, `nil` when it is fine.
        public var problem: String?
        /// The entry's folder.
        public var directory: String
    }

    /// Gets a model by `name`, `name:latest` or `name:version`. Throws `.notFound` when there is
    /// none and `.corrupted` when the entry is partial, its files are missing or of the wrong size,
    /// or (with `verifyHashes`) their sha256 does not match.
    public func get(_ tag: Tag, verifyHashes: Bool = false) throws(StoreError) -> StoredModel {
        let exact = try resolve(tag)
        let model = try load(exact)
        if verifyHashes { try verify(model) } else { try checkFiles(model) }
        return model
    }

    /// Parses `text` as a tag and gets it; see ``get(_:verifyHashes:)``.
    public func get(_ text: String, verifyHashes: Bool = false) throws(StoreError) -> StoredModel {
        try get(try Tag(parsing: text), verifyHashes: verifyHashes)
    }

    /// The exact tag `tag` refers to: itself when it has a version, else the newest version.
    public func resolve(_ tag: Tag) throws(StoreError) -> Tag {
        try core.resolve(tag)
    }

    /// Lists every entry, sorted by name then newest first, optionally only one name and only
    /// those carrying all of `labels`. Broken entries are listed with their ``Entry/problem``.
    public func list(name: String? = nil, labels: [String: String] = [:]) -> [Entry] {
        let names =
            name.map { [$0].filter { FileSystem.kind(modelsDirectory + "/" + $0) == .directory } }
            ?? FileSystem.entries(modelsDirectory).filter { !$0.name.hasPrefix(".") && $0.kind == .directory }.map(\.name)
        var result: [Entry] = []
        for name in names {
            var entries: [Entry] = []
            for (version, kind) in FileSystem.entries(modelsDirectory + "/" + name)
            where kind == .directory && version != "latest" && !version.contains(".tmp-") {
                let tag = Tag(name: name, version: version)
                var entry = Entry(tag: tag, summary: nil, problem: nil, directory: directory(of: tag))
                do throws(StoreError) {
                    let (bytes, path) = try readRecord(tag)
                    let summary = try ModelSummary(yaml: bytes, source: path)
                    try checkTag(summary.tag, of: tag)
                    entry.summary = summary
                    try checkFiles(summary.files, of: tag, in: entry.directory)
                } catch {
                    entry.problem = error.message
                }
                if let summary = entry.summary, !labels.allSatisfy({ summary.labels[$0.key] == $0.value }) { continue }
                if entry.summary == nil, !labels.isEmpty { continue }
                entries.append(entry)
            }
            entries.sort { a, b in
                let (ta, tb) = (a.summary?.creationTime ?? .distantPast, b.summary?.creationTime ?? .distantPast)
                return ta != tb ? ta > tb : a.tag.version! > b.tag.version!
            }
            result += entries
        }
        return result
    }

    /// Reads an exact entry's `model.yaml`, checking it belongs to this folder.
    func load(_ tag: Tag) throws(StoreError) -> StoredModel {
        let (bytes, path) = try readRecord(tag)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(.io, "cannot read \(path): it is not UTF-8 text")
        }
        let info = try ModelInfo(yaml: text, source: path)
        try checkTag(info.tag, of: tag)
        return StoredModel(info: info, directory: directory(of: tag))
    }

    /// The bytes and path of an exact entry's `model.yaml`; `.corrupted` when there is none.
    private func readRecord(_ tag: Tag) throws(StoreError) -> (bytes: [UInt8], path: String) {
        let path = directory(of: tag) + "/model.yaml"
        guard let bytes = try FileSystem.readRegularFile(path) else {
            throw StoreError(
                .corrupted,
                "model '\(tag)' is partial: \(path) is missing; delete it with `bento models delete \(tag) -y` and import it again")
        }
        return (bytes, path)
    }

    /// Throws unless the tag a `model.yaml` records is the folder's.
    private func checkTag(_ recorded: Tag, of tag: Tag) throws(StoreError) {
        guard recorded == tag else {
            throw StoreError(
                .corrupted,
                "model '\(tag)' is corrupted: its model.yaml says \(recorded); delete it and import it again")
        }
    }

    /// Cheap check that every listed file is present with its recorded size.
    func checkFiles(_ model: StoredModel) throws(StoreError) {
        try checkFiles(model.info.files, of: model.tag, in: model.directory)
    }

    /// Cheap check that every one of `files` is present in `directory` with its recorded size.
    func checkFiles(_ files: [ModelInfo.File], of tag: Tag, in directory: String) throws(StoreError) {
        for file in files {
            let size = FileSystem.size(directory + "/" + file.path)
            guard size == file.size else {
                let what = size == nil ? "is missing" : "has \(size!) bytes instead of \(file.size)"
                throw StoreError(
                    .corrupted,
                    "model '\(tag)' is corrupted: file '\(file.path)' \(what); "
                        + "delete it with `bento models delete \(tag) -y` and import it again")
            }
        }
    }

    /// The newest healthy version of `name` by creation time (then version), if any.
    func newestVersion(of name: String) -> String? {
        list(name: name).first { $0.problem == nil }?.tag.version
    }
}
