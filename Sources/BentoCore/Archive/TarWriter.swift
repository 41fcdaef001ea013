/// Writes a tar archive (ustar, with PAX records for long names and huge sizes) one member at a
/// time, streaming file contents through a 64 KiB buffer.
///
/// ```swift
/// let writer = try TarWriter(creating: "/tmp/iris.bentomodel")
/// try writer.addFile(named: "model.yaml", from: "/store/iris/v1/model.yaml")
/// try writer.finish()
/// ```
package final class TarWriter {
    private let output: POSIXFile
    private let mtime: Int64

    /// Creates (or truncates) the archive file at `path`.
    package init(creating path: String, mtime: Int64 = 0) throws(StoreError) {
        output = try POSIXFile.create(path)
        self.mtime = mtime
    }

    /// Adds a folder member.
    package func addDirectory(named name: String, mode: Int = 0o755) throws(StoreError) {
        let path = name.hasSuffix("/") ? name : name + "/"
        try writeHeader(TarHeader(typeFlag: UInt8(ascii: "5"), name: path, size: 0, mode: mode, mtime: mtime))
    }

    /// Adds a file member holding `bytes`.
    package func addFile(named name: String, contents bytes: [UInt8], mode: Int = 0o644) throws(StoreError) {
        try writeHeader(TarHeader(typeFlag: UInt8(ascii: "0"), name: name, size: Int64(bytes.count), mode: mode, mtime: mtime))
        try output.write(bytes)
        try pad(Int64(bytes.count))
    }

    /// Adds the regular file at `source` as member `name`; `chunk` sees every byte written, so
    /// callers can hash or count on the way. Throws if the file changes size while being read.
    package func addFile(
        named name: String,
        from source: String,
        mode: Int = 0o644,
        chunk: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) throws(StoreError) {
        guard let size = FileSystem.size(source) else {
            throw StoreError(.notFound, "cannot archive \(source): it is missing or not a plain file")
        }
        try writeHeader(TarHeader(typeFlag: UInt8(ascii: "0"), name: name, size: size, mode: mode, mtime: mtime))
        let input = try POSIXFile.openForReading(source)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var written: Int64 = 0
        while written < size {
            let want = Int(min(Int64(buffer.count), size - written))
            let n = try input.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<want]))
            guard n == want else {
                throw StoreError(.io, "\(source) shrank while it was being archived; try again")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            chunk(bytes)
            try output.write(bytes)
            written += Int64(n)
        }
        try pad(size)
    }

    /// Writes the end-of-archive marker, flushes to disk and closes the file.
    package func finish() throws(StoreError) {
        try output.write([UInt8](repeating: 0, count: 2 * TarHeader.blockSize))
        try output.sync()
        try output.close()
    }

    private func writeHeader(_ header: TarHeader) throws(StoreError) {
        var records: [(String, String)] = []
        if header.name.utf8.count > 100 { records.append(("path", header.name)) }
        if header.size > TarHeader.maxOctalSize { records.append(("size", String(header.size))) }
        if !records.isEmpty {
            let body = records.map(Self.paxRecord).joined()
            let bytes = Array(body.utf8)
            let pax = TarHeader(typeFlag: UInt8(ascii: "x"), name: "PaxHeader", size: Int64(bytes.count), mtime: mtime)
            try output.write(pax.encoded())
            try output.write(bytes)
            try pad(Int64(bytes.count))
        }
        try output.write(header.encoded())
    }

    /// A PAX record, `"<len> key=value\n"`, whose length counts its own digits.
    package static func paxRecord(_ key: String, _ value: String) -> String {
        let rest = " \(key)=\(value)\n".utf8.count
        var length = rest + String(rest).count
        if String(length).count != String(rest).count { length = rest + String(length).count }
        return "\(length) \(key)=\(value)\n"
    }

    private func pad(_ size: Int64) throws(StoreError) {
        let remainder = Int(size % Int64(TarHeader.blockSize))
        if remainder != 0 { try output.write([UInt8](repeating: 0, count: TarHeader.blockSize - remainder)) }
    }
}
