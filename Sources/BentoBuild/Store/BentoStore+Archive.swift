public import BentoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension BentoStore {
    /// Writes a bento to one tar archive: `bento.yaml` first, then every file (programs keep mode
    /// 0755), re-hashed on the way; a file that no longer matches fails the export and leaves nothing.
    ///
    /// `destination` may be a file path or an existing folder (then `<folder>/<name>-<version>.bento`).
    @discardableResult
    public func export(
        _ tag: Tag, to destination: String, progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws -> String {
        let bento = try get(tag)
        let path = FileSystem.kind(destination) == .directory
            ? destination + "/\(bento.info.name)-\(bento.info.version).bento" : destination
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let writer = try TarWriter(creating: temp, mtime: Int64(bento.info.creationTime.timeIntervalSince1970))
            try writer.addFile(named: "bento.yaml", from: bento.path(of: "bento.yaml"))
            var done: Int64 = 0
            for file in bento.info.files {
                var hasher = StreamHasher()
                let base = done
                try writer.addFile(named: file.path, from: bento.path(of: file.path), mode: file.executable == true ? 0o755 : 0o644) {
                    hasher.update($0)
                    progress(base + hasher.count, bento.info.size)
                }
                done += hasher.count
                guard hasher.finish() == file.sha256 else {
                    throw BuildError(
                        .invalidBento,
                        "bento '\(bento.info.tag)' is damaged: '\(file.path)' no longer matches its sha256; nothing was exported")
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

    /// Imports an archive made by ``export(_:to:progress:)``, keeping its tag. Every member is
    /// checked (no absolute paths, `..`, links or devices; at most ``maxImportSize`` bytes) and every
    /// file's sha256 must match `bento.yaml` before anything becomes visible in the store.
    @discardableResult
    public func importArchive(at path: String, progress: (Int64, Int64) -> Void = { _, _ in }) throws -> StoredBento {
        let total = FileSystem.size(path) ?? 0
        let staging = try makeStagingDirectory()
        defer { FileSystem.remove(staging) }
        let extracted = try TarExtractor.extract(
            archiveAt: path, into: staging, limits: .init(maxTotalSize: maxImportSize)
        ) { progress(min($0, total), total) }
        guard let bytes = try FileSystem.readRegularFile(staging + "/bento.yaml") else {
            throw BuildError(.invalidBento, "\(path) holds no bento.yaml; it is not a bento export")
        }
        let info = try BentoInfo(yaml: String(decoding: bytes, as: UTF8.self), source: "\(path) bento.yaml")
        let arrived = Dictionary(extracted.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for file in info.files {
            guard let got = arrived[file.path], got.size == file.size, got.sha256 == file.sha256 else {
                throw BuildError(.invalidBento, "\(path): '\(file.path)' is missing or does not match the sha256 in its bento.yaml")
            }
            if file.executable == true { chmod(staging + "/" + file.path, 0o755) }
        }
        if let extra = extracted.first(where: { e in e.path != "bento.yaml" && !info.files.contains { $0.path == e.path } }) {
            throw BuildError(.invalidBento, "\(path) holds '\(extra.path)', which its bento.yaml does not list")
        }
        return try install(staging: staging, info: info)
    }
}
