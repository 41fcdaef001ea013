/// A small forward-only scanner over JSON bytes, for the Open Inference Protocol envelope.
///
/// It reads the few things an envelope holds (objects, arrays, strings, integers, bools) and skips
/// anything else without building a tree. Tensor `data` arrays are not read here: the scanner
/// hands their start offset to BentoCore's tensor parser, which converts leaves straight to the dtype.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Where the JSON ends (the header length when binary data follows).
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, end: Int? = nil) {
        self.bytes = bytes
        self.position = 0
        self.end = end ?? bytes.count
    }

    /// A malformed-JSON error, naming the byte offset.
    func failure(_ what: String) -> OIPError {
        OIPError(.badInput, "malformed JSON at byte \(position): \(what)")
    }

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < end ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8) throws(OIPError) {
        guard peek() == byte else {
            throw failure(position < end ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end")
        }
        position += 1
    }

    /// Throws unless only whitespace remains before `end`.
    mutating func expectEnd() throws(OIPError) {
        skipWhitespace()
        guard position == end else { throw failure("unexpected bytes after the JSON value") }
    }

    /// Calls `member` for each key of an object; `member` must consume the value.
    mutating func readObject(_ member: (inout JSONScanner, String) throws(OIPError) -> Void) throws(OIPError) {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    /// Calls `element` for each element of an array; `element` must consume the value.
    mutating func readArray(_ element: (inout JSONScanner, Int) throws(OIPError) -> Void) throws(OIPError) {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            try element(&self, index)
            index += 1
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    mutating func readString() throws(OIPError) -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        // Fast path: no escapes.
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            position += 1
        }
        var out = Array(bytes[start..<position])
        while position < end {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"): try readEscape(into: &out)
            case 0..<0x20: throw failure("control character in a string")
            default: out.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(OIPError) {
        guard position < end else { throw failure("unterminated escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar), position + 1 < end, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(character)).utf8)
        default: throw failure("invalid escape")
        }
    }

    private mutating func readHex4() throws(OIPError) -> UInt32 {
        guard position + 4 <= end else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Reads an integer (no fraction or exponent).
    mutating func readInt() throws(OIPError) -> Int {
        skipWhitespace()
        let start = position
        var negative = false
        if position < end, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value = 0
        var digits = 0
        while position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw failure("integer too large") }
            value = a
            digits += 1
            position += 1
        }
        if position < end, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            position = start
            throw failure("expected an integer")
        }
        guard digits > 0 else {
            position = start
            throw failure("expected an integer")
        }
        return negative ? -value : value
    }

    mutating func readBool() throws(OIPError) -> Bool {
        skipWhitespace()
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw failure("expected true or false")
    }

    /// Reads a scalar parameter value; objects and arrays are skipped and give `nil`.
    mutating func readParameterValue() throws(OIPError) -> InferenceParameter? {
        guard let byte = peek() else { throw failure("unexpected end") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try readBool())
        case UInt8(ascii: "n"):
            try skipValue()
            return nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            if let int = try? readInt() { return .int(int) }
            position = start
            try skipValue()
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            return Double(text).map(InferenceParameter.double)
        default:
            try skipValue()
            return nil
        }
    }

    private mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard position + n <= end else { return false }
        for i in 0..<n where bytes[position + i] != literal.utf8Start[i] { return false }
        position += n
        return true
    }

    /// Skips one JSON value of any kind, checking its syntax loosely (numbers are not validated
    /// digit by digit; structure and strings are).
    mutating func skipValue(depth: Int = 0) throws(OIPError) {
        guard depth < 64 else { throw failure("nesting too deep") }
        guard let byte = peek() else { throw failure("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"):
            try readObject { (s, _) throws(OIPError) in try s.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try readArray { (s, _) throws(OIPError) in try s.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard matchLiteral("true") || matchLiteral("false") || matchLiteral("null") else {
                throw failure("invalid literal")
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            while position < end {
                switch bytes[position] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                    UInt8(ascii: "e"), UInt8(ascii: "E"):
                    position += 1
                default: return
                }
            }
        default:
            throw failure("unexpected character")
        }
    }
}
