/// Anything tar bytes can be read from: a file, or a decompressor's output pipe.
protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int
}

extension POSIXFile: ByteSource {}

/// Reads a tar archive member by member (ustar, PAX `x` records, GNU long names), streaming each
/// member's contents in 64 KiB chunks; nothing is held in memory but one buffer.
///
/// ```swift
/// let reader = TarReader(source: try POSIXFile.openForReading(path))
/// while let entry = try reader.next() {
///     try reader.readContents { chunk in … }
/// }
/// ```
final class TarReader {
    private let source: any ByteSource
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: streamBufferSize, alignment: 16)
    private var offset: Int64 = 0
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var current: TarEntry?

    init(source: any ByteSource) {
        self.source = source
    }

    deinit { buffer.deallocate() }

    /// The next member, or `nil` at the end of the archive. Skips whatever of the previous
    /// member's contents was not read.
    func next() throws(StoreError) -> TarEntry? {
        try skipRest()
        var paxPath: String?
        var paxSize: Int64?
        var paxLink: String?
        while true {
            let headerOffset = offset
            guard try readExactly(TarHeader.blockSize, what: "a header") else { return nil }
            guard let header = try TarHeader.decode(UnsafeRawBufferPointer(rebasing: buffer[..<TarHeader.blockSize]),
                                                    offset: headerOffset) else { return nil }
            switch header.typeFlag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                let records = try readSmallBody(header, what: "PAX header")
                guard header.typeFlag == UInt8(ascii: "x") else { continue }
                for (key, value) in Self.parsePAX(records) {
                    switch key {
                    case "path": paxPath = value
                    case "linkpath": paxLink = value
                    case "size": paxSize = Int64(value)
                    default: break
                    }
                }
            case UInt8(ascii: "L"):
                paxPath = String(decoding: try readSmallBody(header, what: "long name").prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "K"):
                paxLink = String(decoding: try readSmallBody(header, what: "long link").prefix { $0 != 0 }, as: UTF8.self)
            default:
                let kind = TarEntry.Kind(flag: header.typeFlag)
                let size = paxSize ?? header.size
                let entry = TarEntry(
                    path: paxPath ?? header.name, kind: kind, size: kind == .file ? size : 0,
                    linkTarget: paxLink ?? header.linkName)
                // Sizes of non-file members still occupy blocks in some writers; honour the header.
                remaining = kind == .file || kind == .directory ? size : header.size
                padding = Self.padding(for: remaining)
                current = entry
                return entry
            }
        }
    }

    /// Streams the current member's contents to `body`, then stops at its end.
    func readContents(_ body: (UnsafeRawBufferPointer) throws(StoreError) -> Void) throws(StoreError) {
        while remaining > 0 {
            let want = Int(min(Int64(buffer.count), remaining))
            let n = try fill(want)
            guard n == want else { throw truncated() }
            remaining -= Int64(n)
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
    }

    private func skipRest() throws(StoreError) {
        try readContents { _ in }
        while padding > 0 {
            let n = try fill(Int(padding))
            guard n == Int(padding) else { throw truncated() }
            padding = 0
        }
    }

    private func readSmallBody(_ header: TarHeader, what: String) throws(StoreError) -> [UInt8] {
        guard header.size <= 1 << 20 else {
            throw StoreError(.invalidArchive, "the archive's \(what) at byte \(offset) is too large (\(header.size) bytes)")
        }
        var bytes: [UInt8] = []
        remaining = header.size
        padding = Self.padding(for: header.size)
        try readContents { chunk throws(StoreError) in bytes.append(contentsOf: chunk) }
        try skipRest()
        return bytes
    }

    static func parsePAX(_ bytes: [UInt8]) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = bytes[...]
        while let space = rest.firstIndex(of: 0x20),
              let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
              length > 0, rest.count >= length {
            let record = rest[(space + 1)..<(rest.startIndex + length - 1)]
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                result.append((String(decoding: record[..<eq], as: UTF8.self),
                               String(decoding: record[(eq + 1)...], as: UTF8.self)))
            }
            rest = rest[(rest.startIndex + length)...]
        }
        return result
    }

    private static func padding(for size: Int64) -> Int64 {
        let r = size % Int64(TarHeader.blockSize)
        return r == 0 ? 0 : Int64(TarHeader.blockSize) - r
    }

    /// Reads exactly `count` bytes into the buffer; `false` at a clean end of input.
    private func readExactly(_ count: Int, what: String) throws(StoreError) -> Bool {
        let n = try fill(count)
        if n == 0 { return false }
        guard n == count else {
            throw StoreError(.invalidArchive, "the archive is truncated in \(what) at byte \(offset); export it again")
        }
        return true
    }

    private func fill(_ count: Int) throws(StoreError) -> Int {
        var done = 0
        while done < count {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<count]))
            if n == 0 { break }
            done += n
        }
        offset += Int64(done)
        return done
    }

    private func truncated() -> StoreError {
        StoreError(
            .invalidArchive,
            "the archive is truncated inside member '\(current?.path ?? "?")' at byte \(offset); export it again"
        )
    }
}
