/// Unpacks a tar archive into a folder, refusing anything that could reach outside it.
///
/// Accepted members are plain files and folders with relative paths. Absolute paths, `..`
/// components, symbolic and hard links, devices, FIFOs and unknown types are rejected, as is a
/// total size over ``Limits/maxTotalSize``; the error names the offending member. Files are
/// hashed while they are written.
///
/// ```swift
/// let files = try TarExtractor.extract(archiveAt: path, into: tempDir, limits: .init(maxTotalSize: 1 << 30))
/// ```
package enum TarExtractor {
    /// What an archive may hold.
    package struct Limits: Sendable {
        /// The most bytes of file contents, all members together.
        package var maxTotalSize: Int64
        package init(maxTotalSize: Int64) { self.maxTotalSize = maxTotalSize }
    }

    /// A file that was written, with its digest.
    package struct Extracted: Equatable {
        package var path: String
        package var size: Int64
        package var sha256: String
    }

    /// Extracts `archive` into `directory` (which must exist and be empty).
    package static func extract(
        archiveAt archive: String,
        into directory: String,
        limits: Limits,
        progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> [Extracted] {
        let input = try ArchiveInput(path: archive)
        defer { input.close() }
        let reader = TarReader(source: input)
        var extracted: [Extracted] = []
        var seen: Set<String> = []
        var total: Int64 = 0
        while let entry = try reader.next() {
            let relative = try safePath(entry, in: archive)
            switch entry.kind {
            case .directory:
                if let relative { try FileSystem.makeDirectory(directory + "/" + relative) }
            case .file:
                guard let relative else {
                    throw StoreError(.unsafeArchive, "\(archive) member '\(entry.path)' is a file with no name; refusing it")
                }
                total += entry.size
                guard total <= limits.maxTotalSize else {
                    throw StoreError(
                        .archiveTooLarge,
                        "\(archive) is over the \(limits.maxTotalSize)-byte import limit at member '\(entry.path)'; "
                            + "raise the limit (--max-size) if you trust it")
                }
                guard seen.insert(relative).inserted else {
                    throw StoreError(.unsafeArchive, "\(archive) holds member '\(entry.path)' twice; it was not made by an export")
                }
                let target = directory + "/" + relative
                if let slash = relative.lastIndex(of: "/") {
                    try FileSystem.makeDirectory(directory + "/" + relative[..<slash])
                }
                let output = try POSIXFile.create(target, exclusive: true)
                var hasher = StreamHasher()
                let base = total - entry.size
                try reader.readContents { chunk throws(StoreError) in
                    hasher.update(chunk)
                    try output.write(chunk)
                    progress(base + hasher.count)
                }
                try output.sync()
                try output.close()
                extracted.append(Extracted(path: relative, size: hasher.count, sha256: hasher.finish()))
            default:
                let link = entry.kind == .symlink || entry.kind == .hardLink ? " to '\(entry.linkTarget)'" : ""
                throw StoreError(
                    .unsafeArchive,
                    "\(archive) member '\(entry.path)' is a \(entry.kind.label)\(link); a model archive may hold only "
                        + "plain files and folders")
            }
        }
        return extracted
    }

    /// The member's path with `.` parts removed, `nil` for the root itself; throws for paths that
    /// are absolute or climb with `..`.
    static func safePath(_ entry: TarEntry, in archive: String) throws(StoreError) -> String? {
        if entry.path.hasPrefix("/") {
            throw StoreError(.unsafeArchive, "\(archive) member '\(entry.path)' has an absolute path; refusing to import it")
        }
        let parts = entry.path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains("..") {
            throw StoreError(.unsafeArchive, "\(archive) member '\(entry.path)' climbs out with '..'; refusing to import it")
        }
        if entry.path.utf8.contains(0) || entry.path.contains("\\") {
            throw StoreError(.unsafeArchive, "\(archive) member '\(entry.path)' has a path with '\\' or NUL; refusing it")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
