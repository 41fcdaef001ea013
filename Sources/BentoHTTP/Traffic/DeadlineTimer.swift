import ServiceLifecycle
import Synchronization

/// Wakes request timeouts without a timer per request.
///
/// A `Task.sleep` per request costs a system timer set and cancelled on every call; here each
/// waiter is a continuation in one table, and one loop (a `Service` beside the HTTP server) wakes
/// the expired ones every ``resolution``. Timeouts are seconds long, so 50 ms of slack is fine.
final class DeadlineTimer: Service, Sendable {
    private struct Waiter {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Ids cancelled before their continuation was stored.
        var cancelledEarly: Set<UInt64> = []
    }

    let resolution: Duration
    private let state = Mutex(State())

    init(resolution: Duration = .milliseconds(50)) {
        self.resolution = resolution
    }

    /// Returns at `deadline` (within ``resolution``); throws `CancellationError` when cancelled first.
    func wait(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if state.cancelledEarly.remove(id) != nil { return true }
                    state.waiters[id] = Waiter(deadline: deadline, continuation: continuation)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelledEarly.insert(id)
                    return Waiter?.none
                }
                return waiter
            }
            waiter?.continuation?.resume(throwing: CancellationError())
        }
    }

    /// Wakes expired waiters until graceful shutdown or cancellation, then fails the rest.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.resolution)
                self.fire(now: .now)
            }
        }
        let rest = state.withLock { state in
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in rest { waiter.continuation?.resume(throwing: CancellationError()) }
    }

    private func fire(now: ContinuousClock.Instant) {
        let expired = state.withLock { state -> [Waiter] in
            guard !state.waiters.isEmpty else { return [] }
            var expired: [Waiter] = []
            for (id, waiter) in state.waiters where waiter.deadline <= now {
                expired.append(waiter)
                state.waiters[id] = nil
            }
            return expired
        }
        for waiter in expired { waiter.continuation?.resume() }
    }
}
