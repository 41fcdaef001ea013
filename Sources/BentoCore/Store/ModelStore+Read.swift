import Foundation

extension ModelStore {
    /// One entry of ``list(name:labels:)``: a healthy model, or a broken one with what is wrong.
    public struct Entry: Sendable, Hashable {
        /// The entry's tag (from its folder names).
        public var tag: Tag
        /// The parsed `model.yaml`, `nil` when it is missing or unreadable.
        public var info: ModelInfo?
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
        if tag.version != nil {
            guard FileSystem.kind(directory(of: tag)) == .directory else {
                throw StoreError(.notFound, "model '\(tag)' is not in \(modelsDirectory); run `bento models list` to see what is")
            }
            return tag
        }
        let latestFile = modelsDirectory + "/" + tag.name + "/latest"
        if let text = try? FileSystem.readText(latestFile) {
            let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let candidate = Tag(name: tag.name, version: version)
            if (try? Tag.validate(version, part: "version")) != nil,
                FileSystem.kind(directory(of: candidate)) == .directory {
                return candidate
            }
        }
        guard let newest = newestVersion(of: tag.name) else {
            throw StoreError(.notFound, "no model named '\(tag.name)' in \(modelsDirectory); run `bento models list` to see what is")
        }
        return Tag(name: tag.name, version: newest)
    }

    /// Lists every entry, sorted by name then newest first, optionally only one name and only
    /// those carrying all of `labels`. Broken entries are listed with their ``Entry/problem``.
    public func list(name: String? = nil, labels: [String: String] = [:]) -> [Entry] {
        let names = name.map { [$0] } ?? FileSystem.list(modelsDirectory).filter { !$0.hasPrefix(".") }
        var result: [Entry] = []
        for name in names where FileSystem.kind(modelsDirectory + "/" + name) == .directory {
            var entries: [Entry] = []
            for version in FileSystem.list(modelsDirectory + "/" + name) where version != "latest" && !version.contains(".tmp-") {
                let tag = Tag(name: name, version: version)
                guard FileSystem.kind(directory(of: tag)) == .directory else { continue }
                var entry = Entry(tag: tag, info: nil, problem: nil, directory: directory(of: tag))
                do {
                    let model = try load(tag)
                    entry.info = model.info
                    try checkFiles(model)
                } catch {
                    entry.problem = error.message
                }
                if let info = entry.info, !labels.allSatisfy({ info.labels[$0.key] == $0.value }) { continue }
                if entry.info == nil, !labels.isEmpty { continue }
                entries.append(entry)
            }
            entries.sort { a, b in
                let (ta, tb) = (a.info?.creationTime ?? .distantPast, b.info?.creationTime ?? .distantPast)
                return ta != tb ? ta > tb : a.tag.version! > b.tag.version!
            }
            result += entries
        }
        return result
    }

    /// Reads an exact entry's `model.yaml`, checking it belongs to this folder.
    func load(_ tag: Tag) throws(StoreError) -> StoredModel {
        let dir = directory(of: tag)
        let yamlPath = dir + "/model.yaml"
        guard FileSystem.kind(yamlPath) == .file else {
            throw StoreError(
                .corrupted,
                "model '\(tag)' is partial: \(yamlPath) is missing; delete it with `bento models delete \(tag) -y` and import it again")
        }
        let info = try ModelInfo(yaml: try FileSystem.readText(yamlPath), source: yamlPath)
        guard info.name == tag.name, info.version == tag.version else {
            throw StoreError(
                .corrupted,
                "model '\(tag)' is corrupted: its model.yaml says \(info.tag); delete it and import it again")
        }
        return StoredModel(info: info, directory: dir)
    }

    /// Cheap check that every listed file is present with its recorded size.
    func checkFiles(_ model: StoredModel) throws(StoreError) {
        for file in model.info.files {
            let size = FileSystem.size(model.path(of: file.path))
            guard size == file.size else {
                let what = size == nil ? "is missing" : "has \(size!) bytes instead of \(file.size)"
                throw StoreError(
                    .corrupted,
                    "model '\(model.tag)' is corrupted: file '\(file.path)' \(what); "
                        + "delete it with `bento models delete \(model.tag) -y` and import it again")
            }
        }
    }

    /// The newest healthy version of `name` by creation time (then version), if any.
    func newestVersion(of name: String) -> String? {
        list(name: name).first { $0.problem == nil }?.tag.version
    }
}
