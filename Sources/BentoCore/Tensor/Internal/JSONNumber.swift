/// A JSON number token as the parser scanned it: its text and its decimal parts, so that a sink
/// converts it without reading the digits again.
///
/// The value is `±significand × 10^exponent`, exactly, unless `isTruncated`: then more than 19
/// significant digits were given and the ones past the 19th (not all zeros) were dropped.
package struct JSONNumberToken {
    /// The token's text, e.g. `-1.25e-3`.
    package let text: UnsafeBufferPointer<UInt8>
    /// The first (at most 19) significant digits as an integer.
    package let significand: UInt64
    /// The power of ten that scales `significand` (clamped far outside any finite double's range).
    package let exponent: Int
    package let isNegative: Bool
    /// No fraction and no exponent.
    package let isInteger: Bool
    /// Nonzero digits past the 19th were dropped from `significand`.
    package let isTruncated: Bool
}

/// Number token conversion shared by the sinks. Results are what Swift's own `Float(text)` and
/// `Double(text)` give (the nearest value, ties to even); fast paths are taken only where they are
/// provably exact, and everything else goes to the standard library's parser.
package enum JSONNumber {
    /// 10^0 … 10^22, each exact in a double. A literal, so it is static data: no lazy initialisation
    /// (and no `swift_once`) on the per-number path.
    private static let doublePowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    /// 10^0 … 10^10, each exact in a float.
    private static let floatPowers: [Float] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

    /// The nearest double, as `Double(text)`.
    @inline(__always)
    package static func double(_ n: JSONNumberToken) -> Double {
        // Clinger's fast path: the significand and the power of ten are both exact in a double,
        // so one correctly rounded multiplication or division gives the nearest double.
        if !n.isTruncated, n.significand <= 1 << 53, n.exponent >= -22, n.exponent <= 22 {
            let m = Double(n.significand)
            let v = n.exponent < 0 ? m / doublePowers[-n.exponent] : m * doublePowers[n.exponent]
            return Double(bitPattern: v.bitPattern | UInt64(n.isNegative ? 1 : 0) << 63)
        }
        return slowDouble(n)
    }

    /// The nearest float, as `Float(text)` (not the double rounded again to a float, which can
    /// differ when the double lands on a midpoint between two floats).
    @inline(__always)
    package static func float(_ n: JSONNumberToken) -> Float {
        // Clinger's fast path in float arithmetic: up to 2^24 and 10^±10 are exact in a float.
        if !n.isTruncated, n.significand <= 1 << 24, n.exponent >= -10, n.exponent <= 10 {
            let m = Float(n.significand)
            let v = n.exponent < 0 ? m / floatPowers[-n.exponent] : m * floatPowers[n.exponent]
            // The sign as a bit, not a branch: signs in tensor data are random, so a branch on
            // them mispredicts half the time.
            return Float(bitPattern: v.bitPattern | UInt32(n.isNegative ? 1 : 0) << 31)
        }
        return floatViaDouble(n)
    }

    /// More digits than a float holds, or a larger exponent: approximate in double arithmetic
    /// (at most three roundings and the truncated digits: under 4 double ulps from the exact
    /// value), and round that to a float unless it lies within 8 double ulps of a midpoint
    /// between two floats, where the approximation could round the wrong way.
    @inline(never)
    private static func floatViaDouble(_ n: JSONNumberToken) -> Float {
        let e = n.exponent
        guard n.significand != 0, e >= -44, e <= 44 else { return slowFloat(n) }
        var d = Double(n.significand)
        if e < 0 {
            if e < -22 { d /= doublePowers[22] }
            d /= doublePowers[e < -22 ? -e - 22 : -e]
        } else {
            if e > 22 { d *= doublePowers[22] }
            d *= doublePowers[e > 22 ? e - 22 : e]
        }
        // Float subnormals and the top of the range have other rounding boundaries.
        guard d >= Double(Float.leastNormalMagnitude), d < Double(Float.greatestFiniteMagnitude) else {
            return slowFloat(n)
        }
        // The 29 low bits of the double's significand are what rounding to a float drops;
        // 1 << 28 is the midpoint.
        let dropped = d.bitPattern & (1 << 29 - 1)
        guard dropped &- (1 << 28 - 8) > 16 else { return slowFloat(n) }
        let f = Float(d)
        return n.isNegative ? -f : f
    }

    @inline(never)
    private static func slowDouble(_ n: JSONNumberToken) -> Double {
        // The scanner accepted the token, so the standard library parses it (±inf past the range).
        Double(String(decoding: n.text, as: UTF8.self)) ?? .nan
    }

    @inline(never)
    private static func slowFloat(_ n: JSONNumberToken) -> Float {
        Float(String(decoding: n.text, as: UTF8.self)) ?? .nan
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
