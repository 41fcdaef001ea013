/// One 512-byte ustar header block: encoding for ``TarWriter``, decoding for ``TarReader``.
struct TarHeader {
    static let blockSize = 512

    /// The member's type flag (`'0'` file, `'5'` folder, `'2'` symlink, `'x'` PAX, …).
    var typeFlag: UInt8
    var name: String
    var size: Int64
    var mode: Int = 0o644
    var mtime: Int64 = 0
    var linkName: String = ""

    /// The largest size the 11-digit octal field holds; bigger sizes go in a PAX record.
    static let maxOctalSize: Int64 = 0o77777777777

    /// Encodes the header; `name` longer than 100 bytes is cut (the caller adds a PAX `path`).
    func encoded() -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ bytes: some Sequence<UInt8>, at offset: Int, max: Int) {
            for (i, b) in bytes.prefix(max).enumerated() { block[offset + i] = b }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            let padded = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            put(padded.utf8, at: offset, max: width - 1)
        }
        put(name.utf8, at: 0, max: 100)
        octal(Int64(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(min(size, Self.maxOctalSize), at: 124, width: 12)
        octal(mtime, at: 136, width: 12)
        block[156] = typeFlag
        put(linkName.utf8, at: 157, max: 100)
        put("ustar\u{0}00".utf8, at: 257, max: 8)
        for i in 148..<156 { block[i] = 0x20 }
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put((String(repeating: "0", count: 6 - digits.count) + digits).utf8, at: 148, max: 6)
        block[154] = 0
        block[155] = 0x20
        return block
    }

    /// Decodes a header block; `nil` for an all-zero block (end of archive).
    static func decode(_ block: UnsafeRawBufferPointer, offset: Int64) throws(StoreError) -> TarHeader? {
        if block.allSatisfy({ $0 == 0 }) { return nil }
        var sum = 0
        for i in 0..<blockSize { sum += (148..<156).contains(i) ? 0x20 : Int(block[i]) }
        guard let stored = number(block, 148, 8), stored == Int64(sum) else {
            throw StoreError(
                .invalidArchive,
                "not a tar archive, or a damaged one: bad header checksum at byte \(offset); export it again"
            )
        }
        let prefix = string(block, 345, 155)
        let base = string(block, 0, 100)
        let isUstar = string(block, 257, 5) == "ustar"
        guard let size = number(block, 124, 12), size >= 0 else {
            throw StoreError(.invalidArchive, "tar member '\(base)' has an unreadable size at byte \(offset)")
        }
        return TarHeader(
            typeFlag: block[156],
            name: isUstar && !prefix.isEmpty ? prefix + "/" + base : base,
            size: size,
            mode: Int(number(block, 100, 8) ?? 0),
            mtime: number(block, 136, 12) ?? 0,
            linkName: string(block, 157, 100)
        )
    }

    private static func string(_ block: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> String {
        let field = block[offset..<(offset + width)]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[..<end], as: UTF8.self)
    }

    /// Octal (NUL/space padded), or GNU base-256 when the high bit of the first byte is set.
    private static func number(_ block: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> Int64? {
        if block[offset] & 0x80 != 0 {
            var value: Int64 = Int64(block[offset] & 0x7f)
            for i in (offset + 1)..<(offset + width) {
                guard value < (Int64.max >> 8) else { return nil }
                value = (value << 8) | Int64(block[i])
            }
            return value
        }
        var value: Int64 = 0
        var sawDigit = false
        for i in offset..<(offset + width) {
            let b = block[i]
            if b == 0 || b == 0x20 {
                if sawDigit { break } else { continue }
            }
            guard b >= 0x30, b <= 0x37, value < (Int64.max >> 3) else { return nil }
            value = value * 8 + Int64(b - 0x30)
            sawDigit = true
        }
        return value
    }
}
