public import Foundation

extension Tag {
    /// The base32 alphabet whose ASCII order matches digit order, so versions sort as text.
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)

    /// A fresh version: 16 lowercase base32 characters, the first 11 the time in microseconds since
    /// 1970 (so later versions sort after earlier ones), the last 5 random.
    ///
    /// ```swift
    /// let version = Tag.generateVersion()   // e.g. "1ilb3g0kq2m7ad4e"
    /// ```
    public static func generateVersion(at date: Date = Date()) -> String {
        let micros = UInt64(max(0, date.timeIntervalSince1970 * 1_000_000))
        var chars = [UInt8](repeating: 0, count: 16)
        for i in 0..<11 {
            chars[10 - i] = alphabet[Int((micros >> (5 * UInt64(i))) & 31)]
        }
        let random = UInt64.random(in: 0..<(1 << 25))
        for i in 0..<5 {
            chars[15 - i] = alphabet[Int((random >> (5 * UInt64(i))) & 31)]
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
