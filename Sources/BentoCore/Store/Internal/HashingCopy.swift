import Crypto

/// Streams bytes through a sha256 in fixed-size chunks.
package struct StreamHasher {
    private var hasher = SHA256()
    package private(set) var count: Int64 = 0

    package init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        count += Int64(bytes.count)
    }

    /// The lowercase hex digest.
    package func finish() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// Copying and hashing files with one 64 KiB buffer, so memory does not grow with file size.
package enum HashingCopy {
    /// Copies `source` to `destination` (which must not exist), fsyncs it, and returns the sha256
    /// and size of what was written. `progress` gets the bytes copied so far.
    package static func copy(
        from source: String,
        to destination: String,
        progress: (Int64) -> Void = { _ in }
    ) throws(StoreError) -> (sha256: String, size: Int64) {
        let input = try POSIXFile.openForReading(source)
        let output = try POSIXFile.create(destination, exclusive: true)
        var hasher = StreamHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            hasher.update(chunk)
            try output.write(chunk)
            progress(hasher.count)
        }
        try output.sync()
        try output.close()
        return (hasher.finish(), hasher.count)
    }

    /// Re-reads `path` and returns its sha256 and size.
    package static func hash(_ path: String, progress: (Int64) -> Void = { _ in }) throws(StoreError) -> (sha256: String, size: Int64) {
        let input = try POSIXFile.openForReading(path)
        var hasher = StreamHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            progress(hasher.count)
        }
        return (hasher.finish(), hasher.count)
    }
}
