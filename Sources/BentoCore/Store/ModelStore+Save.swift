import Foundation

extension ModelStore {
    /// Saves the file or folder at `source` as a new model described by `info` (whose `files`
    /// are filled in here): copies and hashes every file into a staging folder inside the store,
    /// writes `model.yaml`, fsyncs, renames into place and re-points `latest`.
    ///
    /// `progress` gets bytes copied and the total.
    @discardableResult
    public func save(
        from source: String,
        as info: ModelInfo,
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws(StoreError) -> StoredModel {
        try Tag.validate(info.name, part: "name")
        try Tag.validate(info.version, part: "version")
        let sources = try filesToSave(at: source)
        let total = sources.reduce(Int64(0)) { $0 + (FileSystem.size($1.absolute) ?? 0) }
        let staging = try makeStagingDirectory()
        do throws(StoreError) {
            var record = info
            record.files = []
            var done: Int64 = 0
            for file in sources {
                let target = staging + "/" + file.relative
                if let slash = file.relative.lastIndex(of: "/") {
                    try FileSystem.makeDirectory(staging + "/" + file.relative[..<slash])
                }
                let base = done
                let (sha, size) = try HashingCopy.copy(from: file.absolute, to: target) { progress(base + $0, total) }
                done += size
                record.files.append(ModelInfo.File(path: file.relative, size: size, sha256: sha))
            }
            return try commit(staging: staging, info: record)
        } catch {
            FileSystem.remove(staging)
            throw error
        }
    }

    /// Writes `model.yaml` into a filled staging folder and renames it into place under the lock.
    func commit(staging: String, info: ModelInfo) throws(StoreError) -> StoredModel {
        var info = info
        info.files.sort { $0.path < $1.path }
        FileSystem.remove(staging + "/model.yaml")
        let yaml = try POSIXFile.create(staging + "/model.yaml", exclusive: true)
        try yaml.write(Array(try info.yaml().utf8))
        try yaml.sync()
        try yaml.close()
        try FileSystem.syncDirectory(staging)
        let target = try core.install(staging, as: info.tag)
        return StoredModel(info: info, directory: target)
    }

    /// Deletes a model and re-points `latest` at the newest remaining version (or removes the
    /// name's folder when none is left). Broken entries can be deleted too. Returns the exact tag.
    @discardableResult
    public func delete(_ tag: Tag) throws(StoreError) -> Tag {
        try core.delete(tag)
    }

    /// The files a save would copy: the file itself, or every plain file below the folder.
    func filesToSave(at path: String) throws(StoreError) -> [(relative: String, absolute: String)] {
        let source = FileSystem.kind(path) == .symlink ? URL(fileURLWithPath: path).resolvingSymlinksInPath().path : path
        switch FileSystem.kind(source) {
        case .file:
            let name = (source as NSString).lastPathComponent
            guard name != "model.yaml" else {
                throw StoreError(.invalidModel, "\(source): a model file may not be named model.yaml; rename it")
            }
            return [(name, source)]
        case .directory:
            let files = try FileSystem.regularFiles(under: source)
            guard !files.isEmpty else { throw StoreError(.notFound, "\(source) is an empty folder; nothing to save") }
            guard !files.contains("model.yaml") else {
                throw StoreError(.invalidModel, "\(source)/model.yaml is not a SwiftBento or BentoML model.yaml; rename it")
            }
            return files.map { ($0, source + "/" + $0) }
        case .missing:
            throw StoreError(.notFound, "\(source) does not exist; check the path")
        case .symlink, .other:
            throw StoreError(.invalidModel, "\(source) is not a plain file or folder")
        }
    }
}
