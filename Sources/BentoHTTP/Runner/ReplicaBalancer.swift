/// Chooses the replica for each call: the one with the fewest outstanding requests among those
/// not marked down, under a bound per replica, so a slow runner turns into 503s instead of an
/// unbounded queue in the API server. A pure state machine: the runner client holds it under a
/// lock and feeds it events; time comes in as an argument.
///
/// ```swift
/// var balancer = ReplicaBalancer(replicas: 2, maxOutstanding: 64)
/// if case .replica(let index) = balancer.acquire(now: .now) { … balancer.release(index) }
/// ```
package struct ReplicaBalancer: Sendable {
    /// What ``acquire(excluding:now:)`` decided.
    package enum Decision: Sendable, Equatable {
        /// Send to this replica (its outstanding count is already raised).
        case replica(Int)
        /// Every replica that may be tried is at its bound.
        case overloaded
        /// No replica is left to try (all excluded).
        case exhausted
    }

    package private(set) var outstanding: [Int]
    private var downUntil: [ContinuousClock.Instant?]
    package let maxOutstanding: Int
    private var cursor = 0

    /// A balancer over `replicas` replicas, each taking at most `maxOutstanding` calls at once.
    package init(replicas: Int, maxOutstanding: Int) {
        outstanding = Array(repeating: 0, count: replicas)
        downUntil = Array(repeating: nil, count: replicas)
        self.maxOutstanding = max(1, maxOutstanding)
    }

    /// Picks a replica not in `excluded`: the least loaded of those up, else (when all are down)
    /// the least loaded of all, so a recovered replica is found without a separate probe.
    package mutating func acquire(excluding excluded: Set<Int> = [], now: ContinuousClock.Instant) -> Decision {
        // Two passes over the replicas and no allocation: this runs under a lock on every call.
        var anyCandidate = false
        var anyUp = false
        for index in outstanding.indices where !excluded.contains(index) {
            anyCandidate = true
            if !isDown(index, now: now) {
                anyUp = true
                break
            }
        }
        guard anyCandidate else { return .exhausted }
        // Ties go round-robin from the cursor, so idle replicas share the load.
        var best: Int?
        for step in 0..<outstanding.count {
            let index = (cursor + step) % outstanding.count
            guard !excluded.contains(index), outstanding[index] < maxOutstanding else { continue }
            if anyUp, isDown(index, now: now) { continue }
            if best == nil || outstanding[index] < outstanding[best!] { best = index }
        }
        guard let best else { return .overloaded }
        cursor = (best + 1) % outstanding.count
        outstanding[best] += 1
        return .replica(best)
    }

    /// A call on `index` finished (however it ended).
    package mutating func release(_ index: Int) {
        outstanding[index] = max(0, outstanding[index] - 1)
    }

    /// A call on `index` finished with an answer: released, and the replica is up.
    package mutating func releaseAnswered(_ index: Int) {
        release(index)
        markUp(index)
    }

    /// `index` failed to connect: skip it until `until` unless nothing else is up.
    package mutating func markDown(_ index: Int, until: ContinuousClock.Instant) {
        downUntil[index] = until
    }

    /// `index` answered: it is up.
    package mutating func markUp(_ index: Int) {
        downUntil[index] = nil
    }

    /// Whether `index` is marked down at `now`.
    package func isDown(_ index: Int, now: ContinuousClock.Instant) -> Bool {
        downUntil[index].map { $0 > now } ?? false
    }
}
