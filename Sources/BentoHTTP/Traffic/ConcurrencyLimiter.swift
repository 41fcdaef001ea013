import Synchronization

/// Counts requests in flight and refuses those over the limit (answered 429).
final class ConcurrencyLimiter: Sendable {
    private let limit: Int
    private let inFlight = Atomic<Int>(0)

    /// A limiter admitting at most `limit` requests at once; `nil` admits all (and only counts).
    init(limit: Int?) {
        self.limit = limit ?? .max
    }

    /// Takes a slot, or returns `false` when none is free.
    func acquire() -> Bool {
        let now = inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        if now > limit {
            inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    /// Gives a slot back.
    func release() {
        inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    /// The requests in flight now.
    var current: Int { inFlight.load(ordering: .relaxed) }
}
