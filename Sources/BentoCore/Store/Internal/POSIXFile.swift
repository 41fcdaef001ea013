#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The read/write buffer size for every streaming copy: memory stays flat whatever the file size.
package let streamBufferSize = 64 * 1024

/// An open POSIX file descriptor with the few calls the store and archives need; errors are
/// ``StoreError`` with code `.io` naming the path.
package final class POSIXFile {
    let fd: Int32
    let path: String
    private var closed = false

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { if !closed { _ = systemClose(fd) } }

    /// Takes ownership of an already open descriptor (e.g. a pipe).
    package static func adopting(_ fd: Int32, path: String) throws(StoreError) -> POSIXFile {
        guard fd >= 0 else { throw POSIXFile.error("cannot open", path) }
        return POSIXFile(fd: fd, path: path)
    }

    /// Opens an existing file for reading.
    package static func openForReading(_ path: String) throws(StoreError) -> POSIXFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXFile.error("cannot open", path) }
        return POSIXFile(fd: fd, path: path)
    }

    /// Creates (or truncates) a file for writing.
    package static func create(_ path: String, exclusive: Bool = false) throws(StoreError) -> POSIXFile {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw POSIXFile.error("cannot create", path) }
        return POSIXFile(fd: fd, path: path)
    }

    /// Opens a folder so it can be fsynced after a rename inside it.
    package static func openDirectory(_ path: String) throws(StoreError) -> POSIXFile {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXFile.error("cannot open folder", path) }
        return POSIXFile(fd: fd, path: path)
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        while true {
            let n = Glibc_read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw POSIXFile.error("cannot read", path) }
        }
    }

    /// Reads the first `count` bytes (fewer at end of file) into an array.
    package func readPrefix(_ count: Int) throws(StoreError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        let n = try readFully(into: buffer)
        return Array(buffer[..<n])
    }

    /// Reads exactly `buffer.count` bytes, or fewer only at end of file; returns how many.
    package func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all of `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc_write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error("cannot write", path)
            }
            done += n
        }
    }

    /// Writes all of `bytes`.
    package func write(_ bytes: [UInt8]) throws(StoreError) {
        var failure: StoreError?
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes the file (or folder) to disk.
    package func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw POSIXFile.error("cannot fsync", path) }
    }

    /// Closes the descriptor.
    package func close() throws(StoreError) {
        guard !closed else { return }
        closed = true
        guard systemClose(fd) == 0 else { throw POSIXFile.error("cannot close", path) }
    }

    package static func error(_ what: String, _ path: String) -> StoreError {
        let reason = String(cString: strerror(errno))
        return StoreError(.io, "\(what) \(path): \(reason)")
    }
}

private func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.read(fd, buf, count)
    #elseif canImport(Musl)
    Musl.read(fd, buf, count)
    #else
    Glibc.read(fd, buf, count)
    #endif
}

private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(fd, buf, count)
    #elseif canImport(Musl)
    Musl.write(fd, buf, count)
    #else
    Glibc.write(fd, buf, count)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(fd)
    #elseif canImport(Musl)
    Musl.close(fd)
    #else
    Glibc.close(fd)
    #endif
}
