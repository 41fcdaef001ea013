extension ModelStore {
    /// Re-hashes every file of a stored model and throws `.corrupted` naming each file that is
    /// missing, resized or changed. Returns the model when all is well.
    @discardableResult
    public func verify(_ tag: Tag, progress: (Int64, Int64) -> Void = { _, _ in }) throws(StoreError) -> StoredModel {
        let model = try load(try resolve(tag))
        try verify(model, progress: progress)
        return model
    }

    func verify(_ model: StoredModel, progress: (Int64, Int64) -> Void = { _, _ in }) throws(StoreError) {
        var problems: [String] = []
        var done: Int64 = 0
        let total = model.info.size
        for file in model.info.files {
            let path = model.path(of: file.path)
            guard FileSystem.kind(path) == .file else {
                problems.append("'\(file.path)' is missing")
                continue
            }
            let base = done
            let (sha, size) = try HashingCopy.hash(path) { progress(base + $0, total) }
            done += size
            if size != file.size {
                problems.append("'\(file.path)' has \(size) bytes instead of \(file.size)")
            } else if sha != file.sha256 {
                problems.append("'\(file.path)' has sha256 \(sha.prefix(12))… instead of \(file.sha256.prefix(12))…")
            }
        }
        let extra = (try? FileSystem.regularFiles(under: model.directory))?.filter { path in
            path != "model.yaml" && !model.info.files.contains { $0.path == path }
        } ?? []
        problems += extra.map { "'\($0)' is not listed in model.yaml" }
        guard problems.isEmpty else {
            throw StoreError(
                .corrupted,
                "model '\(model.tag)' is corrupted: \(problems.joined(separator: ", ")); "
                    + "delete it with `bento models delete \(model.tag) -y` and import it again")
        }
    }
}
