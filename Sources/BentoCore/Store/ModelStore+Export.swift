import Foundation

extension ModelStore {
    /// Writes one model to a single tar archive: `model.yaml` first, then its files. Every file is
    /// re-hashed on the way and the export fails, leaving nothing behind, if one does not match.
    ///
    /// `destination` may be a file path or an existing folder (then the archive is
    /// `<folder>/<name>-<version>.tar`). Returns the archive's path.
    @discardableResult
    public func export(
        _ tag: Tag,
        to destination: String,
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws(StoreError) -> String {
        let model = try get(tag)
        let path = FileSystem.kind(destination) == .directory
            ? destination + "/\(model.info.name)-\(model.info.version).tar" : destination
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do throws(StoreError) {
            let writer = try TarWriter(creating: temp, mtime: Int64(model.info.creationTime.timeIntervalSince1970))
            try writer.addFile(named: "model.yaml", from: model.path(of: "model.yaml"))
            var done: Int64 = 0
            let total = model.info.size
            for file in model.info.files {
                var hasher = StreamHasher()
                let base = done
                try writer.addFile(named: file.path, from: model.path(of: file.path)) { chunk in
                    hasher.update(chunk)
                    progress(base + hasher.count, total)
                }
                done += hasher.count
                guard hasher.finish() == file.sha256 else {
                    throw StoreError(
                        .corrupted,
                        "model '\(model.tag)' is corrupted: file '\(file.path)' no longer matches its sha256; "
                            + "nothing was exported. Delete the model and import it again")
                }
            }
            try writer.finish()
            try FileSystem.rename(temp, to: path)
            return path
        } catch {
            FileSystem.remove(temp)
            throw error
        }
    }
}
