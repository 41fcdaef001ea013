import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the store makes, with errors naming the path.
package enum FileSystem {
    /// What `lstat` says a path is (links are not followed).
    package enum Kind: Equatable { case missing, file, directory, symlink, other }

    package static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    package static func size(_ path: String) -> Int64? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    package static func makeDirectory(_ path: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, "cannot create folder \(path): \(error.localizedDescription)", cause: error)
        }
    }

    /// Atomically renames `from` to `to` (same file system), then fsyncs the destination's folder.
    package static func rename(_ from: String, to: String) throws(StoreError) {
        #if canImport(Darwin)
        let rc = Darwin.rename(from, to)
        #elseif canImport(Musl)
        let rc = Musl.rename(from, to)
        #else
        let rc = Glibc.rename(from, to)
        #endif
        guard rc == 0 else { throw POSIXFile.error("cannot rename \(from) to", to) }
        try syncDirectory((to as NSString).deletingLastPathComponent)
    }

    package static func syncDirectory(_ path: String) throws(StoreError) {
        let dir = try POSIXFile.openDirectory(path)
        try dir.sync()
        try dir.close()
    }

    /// Names in a folder, sorted; empty when it does not exist.
    package static func list(_ path: String) -> [String] {
        entries(path).map(\.name)
    }

    /// Names in a folder with what each is (as ``kind(_:)`` says), sorted by name; empty when it
    /// does not exist. The type comes from the folder entry where the file system records one, so
    /// listing costs one `lstat` per name only on file systems that do not.
    package static func entries(_ path: String) -> [(name: String, kind: Kind)] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var result: [(name: String, kind: Kind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name != ".", name != ".." else { continue }
            let kind: Kind
            switch Int(entry.pointee.d_type) {
            case Int(DT_REG): kind = .file
            case Int(DT_DIR): kind = .directory
            case Int(DT_LNK): kind = .symlink
            case Int(DT_UNKNOWN): kind = Self.kind(path + "/" + name)
            default: kind = .other
            }
            result.append((name, kind))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Every regular file below `root`, as sorted `/`-separated relative paths. Symlinks and
    /// special files are errors: a model is plain files and folders.
    package static func regularFiles(under root: String) throws(StoreError) -> [String] {
        var result: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? root : root + "/" + relative
            for (name, kind) in entries(dir) {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch kind {
                case .file: result.append(child)
                case .directory: pending.append(child)
                case .missing: continue
                case .symlink, .other:
                    throw StoreError(
                        .invalidModel,
                        "\(root)/\(child) is a link or special file; a model may hold only plain files and folders"
                    )
                }
            }
        }
        return result.sorted()
    }

    package static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The contents of the regular file at `path`, `nil` when there is none (missing, a link, a
    /// folder or a special file); one `open`, `fstat` and `read` rather than a stat and Foundation.
    package static func readRegularFile(_ path: String) throws(StoreError) -> [UInt8]? {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below like any non-file.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else {
            if [ENOENT, ENOTDIR, ELOOP].contains(errno) { return nil }
            throw POSIXFile.error("cannot read", path)
        }
        let file = try POSIXFile.adopting(fd, path: path)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXFile.error("cannot read", path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            try file.close()
            return nil
        }
        // st_size + 1 so that one read normally reaches end of file; a file still growing takes more.
        let first = max(Int(info.st_size) + 1, 4096)
        var bytes = try file.readPrefix(first)
        while bytes.count >= first {
            let more = try file.readPrefix(64 * 1024)
            if more.isEmpty { break }
            bytes += more
        }
        try file.close()
        return bytes
    }

    package static func readText(_ path: String) throws(StoreError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StoreError(.io, "cannot read \(path): \(error.localizedDescription)", cause: error)
        }
    }

    /// Writes `text` to `path` durably: a temp file beside it, fsync, rename.
    package static func writeAtomically(_ text: String, to path: String) throws(StoreError) {
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let file = try POSIXFile.create(temp)
        try file.write(Array(text.utf8))
        try file.sync()
        try file.close()
        try rename(temp, to: path)
    }

    package static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
