#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives the leaves of a JSON array in row-major order.
package protocol JSONLeafSink {
    /// A number token; `isInteger` when it has no fraction or exponent.
    mutating func number(_ token: UnsafeBufferPointer<UInt8>, isInteger: Bool, at index: Int) throws(TensorError)
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
                path[path.count - 1] = count
                try parseValue(depth: depth + 1, sink: &sink)
                count += 1
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of JSON inside an array") }
                let c = bytes[position]
                position += 1
                if c == UInt8(ascii: "]") { break }
                guard c == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
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
            let start = position
            var isInteger = true
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            guard position > digitsStart else { throw error("invalid number") }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                let fractionStart = position
                while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
                guard position > fractionStart else { throw error("invalid number") }
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                isInteger = false
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    position += 1
                }
                let exponentStart = position
                while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
                guard position > exponentStart else { throw error("invalid number") }
            }
            let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
            try sink.number(token, isInteger: isInteger, at: leafCount)
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
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

/// Number token conversion shared by the sinks.
package enum JSONNumber {
    /// Exact powers of ten that a double holds, for the fast path below.
    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { acc, _ in acc * 10 } }

    /// Parses a JSON number token as the nearest double.
    @inline(__always)
    package static func double(_ token: UnsafeBufferPointer<UInt8>) -> Double {
        // Fast path (Clinger): up to 15 significant digits and no exponent; the mantissa and the
        // power of ten are both exact in a double, so one division rounds correctly.
        var i = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while i < token.count {
            let c = token[i]
            if c == UInt8(ascii: ".") {
                seenPoint = true
            } else if c &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || c != UInt8(ascii: "0") { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(c &- UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else {
                return slowDouble(token)  // exponent
            }
            i += 1
        }
        guard digits <= 15, fractionDigits <= 22 else { return slowDouble(token) }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static func slowDouble(_ token: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: token.count + 1) { buffer in
            for k in 0..<token.count { buffer[k] = CChar(bitPattern: token[k]) }
            buffer[token.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// Parses an integer token exactly, or returns nil when it does not fit in Int64.
    @inline(__always)
    package static func int64(_ token: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = token[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var value: Int64 = 0
        while i < token.count {
            let digit = Int64(token[i] &- UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// Parses a non-negative integer token exactly, or nil when it does not fit in UInt64.
    package static func uint64(_ token: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard token[0] != UInt8(ascii: "-") else { return nil }
        var value: UInt64 = 0
        for c in token {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(c &- UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }
}
