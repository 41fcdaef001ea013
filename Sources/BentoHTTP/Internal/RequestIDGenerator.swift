import Synchronization

/// Makes request ids: a random per-process prefix and a counter, 16 hex digits, without locks.
final class RequestIDGenerator: Sendable {
    private let prefix: UInt64 = UInt64.random(in: 0...UInt64(UInt32.max)) << 32
    private let counter = Atomic<UInt64>(0)

    /// The next id.
    func next() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let value = prefix | (n & 0xFFFF_FFFF)
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.utf8.count) + text
    }
}
