import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens an archive for ``TarReader``: a plain tar is read directly; gzip and xz (BentoML's
/// `.bentomodel` is an xz-compressed tar) stream through the system's `gzip -dc` / `xz -dc`.
final class ArchiveInput: ByteSource {
    private let file: POSIXFile
    private let process: Process?
    private let path: String
    private let tool: String?

    /// The compression an archive uses, from its first bytes.
    enum Compression: String { case none, gzip, xz, bzip2, zstd }

    static func sniff(_ path: String) throws(StoreError) -> Compression {
        let file = try POSIXFile.openForReading(path)
        let head = try file.readPrefix(6)
        if head.starts(with: [0x1f, 0x8b]) { return .gzip }
        if head.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return .xz }
        if head.starts(with: [0x42, 0x5a, 0x68]) { return .bzip2 }
        if head.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return .zstd }
        return .none
    }

    init(path: String) throws(StoreError) {
        self.path = path
        let compression = try Self.sniff(path)
        switch compression {
        case .none:
            file = try POSIXFile.openForReading(path)
            process = nil
            tool = nil
        case .gzip, .xz:
            let name = compression == .gzip ? "gzip" : "xz"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [name, "-dc", "--", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw StoreError(
                    .invalidArchive,
                    "\(path) is \(name)-compressed and `\(name)` could not be run; install it or decompress the archive first",
                    cause: error)
            }
            file = try POSIXFile.adopting(dup(pipe.fileHandleForReading.fileDescriptor), path: path)
            self.process = process
            tool = name
        case .bzip2, .zstd:
            throw StoreError(
                .invalidArchive,
                "\(path) is \(compression.rawValue)-compressed, which is not supported; decompress it to a .tar first")
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        let n = try file.read(into: buffer)
        if n == 0, let process, let tool {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw StoreError(.invalidArchive, "\(path) is not a valid \(tool) file (`\(tool) -dc` failed); export it again")
            }
        }
        return n
    }

    /// Stops the decompressor if the archive was not read to its end.
    func close() {
        try? file.close()
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
