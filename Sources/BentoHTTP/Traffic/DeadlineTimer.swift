import ServiceLifecycle
import Synchronization

/// Cancels request tasks at their deadlines without a timer per request.
///
/// A `Task.sleep` per request costs a system timer set and cancelled on every call; here each
/// deadline is an entry in one table, and one loop (a `Service` beside the HTTP server) cancels
/// the expired ones every ``resolution``. Timeouts are seconds long, so 50 ms of slack is fine.
final class DeadlineTimer: Service, Sendable {
    /// A task to cancel, held only while its entry is in the table.
    ///
    /// `@unchecked Sendable`: the timer calls `cancel()` (which the runtime allows from any
    /// thread) only under its lock while the entry exists, and the task removes its entry under
    /// that lock before it ends (``unschedule(_:)``), so the task outlives every use.
    struct TaskReference: @unchecked Sendable {
        let task: UnsafeCurrentTask
    }

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var task: TaskReference?
    }

    private struct State {
        var nextID: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        var stopped = false
    }

    let resolution: Duration
    private let state = Mutex(State())

    init(resolution: Duration = .milliseconds(50)) {
        self.resolution = resolution
    }

    /// Cancels `task` at `deadline` (within ``resolution``) unless ``unschedule(_:)`` comes
    /// first. Returns the entry's id. After shutdown the task is cancelled at once.
    func cancel(_ task: TaskReference?, at deadline: ContinuousClock.Instant) -> UInt64 {
        state.withLock { state in
            state.nextID &+= 1
            if state.stopped {
                task?.task.cancel()
            } else {
                state.entries[state.nextID] = Entry(deadline: deadline, task: task)
            }
            return state.nextID
        }
    }

    /// Removes entry `id`; `false` when its deadline already passed (its task was cancelled).
    func unschedule(_ id: UInt64) -> Bool {
        state.withLock { $0.entries.removeValue(forKey: id) != nil }
    }

    /// Cancels expired tasks until graceful shutdown or cancellation, then cancels the rest.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.resolution)
                self.fire(now: .now)
            }
        }
        state.withLock { state in
            state.stopped = true
            for entry in state.entries.values { entry.task?.task.cancel() }
            state.entries = [:]
        }
    }

    /// Cancelling runs the task's cancellation handlers here, under the lock; none of them calls
    /// back into the timer.
    private func fire(now: ContinuousClock.Instant) {
        state.withLock { state in
            guard !state.entries.isEmpty else { return }
            for (id, entry) in state.entries where entry.deadline <= now {
                entry.task?.task.cancel()
                state.entries[id] = nil
            }
        }
    }
}
