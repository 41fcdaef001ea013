#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives the leaves of a JSON array in row-major order.
package protocol JSONLeafSink {
    /// A number token, scanned into its decimal parts.
    mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError)
    mutating func bool(_ value: Bool, at index: Int) throws(TensorError)
    mutating func string(_ value: [UInt8], at index: Int) throws(TensorError)
}

/// A single-pass scanner for (nested) JSON arrays of numbers, bools or strings.
///
/// It finds the shape while scanning, rejects ragged arrays with the index of the first bad
/// element, and hands each leaf to a sink that converts it straight to the target dtype, so
/// no intermediate JSON tree is built. This is the hot path for JSON tensor bodies.
package struct JSONTensorParser: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Dimensions found so far; -1 while the first array at that depth is still open.
    private(set) var shape: [Int] = []
    private var leafDepth: Int?
    private var path: [Int] = []
    private(set) var leafCount = 0
    private let name: String

    package init(_ bytes: UnsafeBufferPointer<UInt8>, name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Parses one JSON value (array or scalar) that spans the whole input.
    package mutating func parseDocument<S: JSONLeafSink>(into sink: inout S) throws(TensorError) -> [Int] {
        try parseValue(depth: 0, sink: &sink)
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the value") }
        return try finishedShape()
    }

    /// Parses one JSON value starting at `position`, stopping right after it. For callers that
    /// embed a tensor inside a larger document they scan themselves.
    package mutating func parseValue<S: JSONLeafSink>(from start: Int, into sink: inout S) throws(TensorError) -> (
        shape: [Int], end: Int
    ) {
        position = start
        try parseValue(depth: 0, sink: &sink)
        return (try finishedShape(), position)
    }

    /// The bytes from where `mode` starts parsing to the end of the input.
    func remainingBytes(from mode: Tensor.ParseMode) -> Int {
        switch mode {
        case .document: return bytes.count
        case .embedded(let start): return bytes.count - start
        }
    }

    private func finishedShape() throws(TensorError) -> [Int] {
        if let leafDepth, leafDepth != shape.count {
            throw TensorError(.invalidJSON, "\(name): arrays are ragged (values at different depths)")
        }
        return shape
    }

    private mutating func parseValue<S: JSONLeafSink>(depth: Int, sink: inout S) throws(TensorError) {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of JSON") }
        if bytes[position] == UInt8(ascii: "[") {
            try parseArray(depth: depth, sink: &sink)
            return
        }
        if let leafDepth {
            guard leafDepth == depth else { throw raggedError() }
        } else {
            guard depth >= shape.count else { throw raggedError() }
            leafDepth = depth
        }
        try parseLeaf(sink: &sink)
        leafCount += 1
    }

    private mutating func parseArray<S: JSONLeafSink>(depth: Int, sink: inout S) throws(TensorError) {
        if let leafDepth, leafDepth <= depth { throw raggedError() }
        position += 1  // [
        if depth == shape.count { shape.append(-1) }
        path.append(0)
        defer { path.removeLast() }
        var count = 0
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of JSON") }
                let first = bytes[position]
                if leafDepth == depth + 1, first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10 {
                    // The innermost arrays of a numeric tensor: scan the number straight into the
                    // sink (its errors do not name the path, so `path` is left alone).
                    try sink.number(try scanNumber(), at: leafCount)
                    leafCount += 1
                } else {
                    path[path.count - 1] = count
                    try parseValue(depth: depth + 1, sink: &sink)
                }
                count += 1
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of JSON inside an array") }
                let separator = bytes[position]
                position += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            }
        }
        if shape[depth] == -1 {
            shape[depth] = count
        } else if shape[depth] != count {
            throw TensorError(
                .invalidJSON,
                "\(name): array at \(text(of: path.dropLast())) has \(count) elements, expected \(shape[depth]) (arrays must be rectangular)"
            )
        }
    }

    private mutating func parseLeaf<S: JSONLeafSink>(sink: inout S) throws(TensorError) {
        let c = bytes[position]
        switch c {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            try sink.bool(true, at: leafCount)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            try sink.bool(false, at: leafCount)
        case UInt8(ascii: "\""):
            try sink.string(try parseString(), at: leafCount)
        case UInt8(ascii: "n"):
            throw error("null is not a tensor element")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try sink.number(try scanNumber(), at: leafCount)
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    /// Scans the number at `position` (a '-' or a digit) and leaves `position` after it. The
    /// digits are accumulated as they are checked, eight at a time where the input allows, so a
    /// sink never reads them again.
    @inline(__always)
    private mutating func scanNumber() throws(TensorError) -> JSONNumberToken {
        let base = bytes.baseAddress!
        let end = bytes.count
        let start = position
        var p = position
        let negative = base[p] == UInt8(ascii: "-")
        p += negative ? 1 : 0  // no branch on a random sign
        var significand: UInt64 = 0
        var exponent = 0
        var truncated = false
        var isInteger = true
        let integerStart = p
        JSONTensorParser.accumulateDigits(base, &p, end, into: &significand)
        guard p > integerStart else { throw error("invalid number") }
        var digitCount = p - integerStart
        if p < end, base[p] == UInt8(ascii: ".") {
            isInteger = false
            p += 1
            let fractionStart = p
            JSONTensorParser.accumulateDigits(base, &p, end, into: &significand)
            guard p > fractionStart else {
                position = p
                throw error("invalid number")
            }
            exponent = fractionStart - p
            digitCount += p - fractionStart
        }
        if digitCount > 19 {
            // The significand wrapped: read the digits again, keeping the first 19 significant ones.
            (significand, exponent, truncated) = JSONTensorParser.longSignificand(base, from: integerStart, to: p)
        }
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            p += 1
            var exponentNegative = false
            if p < end, base[p] == UInt8(ascii: "+") || base[p] == UInt8(ascii: "-") {
                exponentNegative = base[p] == UInt8(ascii: "-")
                p += 1
            }
            let exponentStart = p
            var written = 0
            while p < end {
                let d = base[p] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                if written < 100_000_000 { written = written * 10 + Int(d) }  // far past any double's range
                p += 1
            }
            guard p > exponentStart else {
                position = p
                throw error("invalid number")
            }
            exponent += exponentNegative ? -written : written
        }
        position = p
        return JSONNumberToken(
            text: UnsafeBufferPointer(start: base + start, count: p - start),
            significand: significand,
            exponent: exponent,
            isNegative: negative,
            isInteger: isInteger,
            isTruncated: truncated
        )
    }

    /// 10^0 … 10^8 (static data).
    private static let smallPowers: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// Consumes the decimal digits at `p` into `value` (`value × 10 + digit` each, wrapping).
    ///
    /// Eight bytes at a time while eight remain: subtracting '0' from every byte leaves each digit's
    /// value, and a byte that was not a digit has its top bit set either in that difference (below
    /// '0') or after adding 0x76 (above '9'), so the lowest set top bit ends the run of digits.
    /// A borrow or carry only moves towards later bytes, past the first non-digit, which are dropped.
    @inline(__always)
    private static func accumulateDigits(
        _ base: UnsafePointer<UInt8>,
        _ p: inout Int,
        _ end: Int,
        into value: inout UInt64
    ) {
        while p &+ 8 <= end {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let digits = chunk &- 0x3030_3030_3030_3030
            let nonDigits = (digits | (digits &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            let n = nonDigits == 0 ? 8 : nonDigits.trailingZeroBitCount >> 3
            if n == 0 { return }
            // The first digit is the lowest byte: shifting the run to the top leaves zeros (leading
            // zeros of the number) below it.
            value = value &* smallPowers[n] &+ eightDigits(digits << (64 - 8 * UInt64(n)))
            p += n
            if n < 8 { return }
        }
        while p < end {
            let d = base[p] &- UInt8(ascii: "0")
            guard d < 10 else { return }
            value = value &* 10 &+ UInt64(d)
            p += 1
        }
    }

    /// The number whose eight bytes hold one digit value each, the lowest byte most significant.
    @inline(__always)
    private static func eightDigits(_ v: UInt64) -> UInt64 {
        // Pairs: byte i becomes 10 × d[i] + d[i+1]; the even bytes hold d0d1, d2d3, d4d5, d6d7.
        let pairs = v &* 10 &+ (v >> 8)
        let even = pairs & 0x0000_00FF_0000_00FF  // d0d1 at bit 0, d4d5 at bit 32
        let odd = (pairs >> 16) & 0x0000_00FF_0000_00FF  // d2d3 at bit 0, d6d7 at bit 32
        // Bits 32…63 of the sum: d0d1 × 10^6 + d4d5 × 10^2 + d2d3 × 10^4 + d6d7.
        return (even &* (100 &+ (1_000_000 << 32)) &+ odd &* (1 &+ (10_000 << 32))) >> 32
    }

    /// The first 19 significant digits of the digits (and one '.') in `start..<end`, the power of
    /// ten that scales them, and whether nonzero digits were dropped.
    private static func longSignificand(
        _ base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int
    ) -> (significand: UInt64, exponent: Int, truncated: Bool) {
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        var inFraction = false
        for p in start..<end {
            let d = base[p] &- UInt8(ascii: "0")
            guard d < 10 else {
                inFraction = true  // the '.'
                continue
            }
            if digits < 19 {
                significand = significand &* 10 &+ UInt64(d)
                if significand != 0 { digits += 1 }
                if inFraction { exponent -= 1 }
            } else {
                if !inFraction { exponent += 1 }
                if d != 0 { truncated = true }
            }
        }
        return (significand, exponent, truncated)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(TensorError) {
        let n = literal.utf8CodeUnitCount
        guard position + n <= bytes.count else { throw error("invalid literal") }
        let base = literal.utf8Start
        for k in 0..<n where bytes[position + k] != base[k] { throw error("invalid literal") }
        position += n
    }

    /// Parses the JSON string whose opening quote is at `start`; returns it and the index after it.
    package mutating func parseString(at start: Int) throws(TensorError) -> (value: [UInt8], end: Int) {
        position = start
        let value = try parseString()
        return (value, position)
    }

    /// Parses a JSON string at `position` (which holds the opening quote), unescaping it.
    mutating func parseString() throws(TensorError) -> [UInt8] {
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\"") { return out }
            if c != UInt8(ascii: "\\") {
                guard c >= 0x20 else { throw error("control character in string") }
                out.append(c)
                continue
            }
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate in string") }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw error("invalid escape in string")
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(TensorError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position] | 0x20
            position += 1
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            let c = bytes[position]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            position += 1
        }
    }

    private var pathText: String { text(of: path[...]) }

    private func text(of path: ArraySlice<Int>) -> String {
        path.isEmpty ? "top level" : path.map { "[\($0)]" }.joined()
    }

    private func raggedError() -> TensorError {
        TensorError(.invalidJSON, "\(name): element \(pathText) mixes arrays and values (arrays must be rectangular)")
    }

    private func error(_ what: String) -> TensorError {
        TensorError(.invalidJSON, "\(name): malformed JSON at byte \(position): \(what)")
    }
}
