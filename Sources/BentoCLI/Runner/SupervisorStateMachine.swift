/// The restart policy of one supervised runner process, as a pure state machine: events in,
/// actions out; time comes in as an argument so tests drive it without sleeping.
///
/// A process that dies is restarted after a delay that doubles on each quick failure (from
/// ``initialBackoff`` up to ``maximumBackoff``) and starts over once a process has stayed up for
/// ``stableAfter``. Once stopping, nothing is restarted.
struct SupervisorStateMachine {
    enum State: Equatable {
        case idle
        case running(since: ContinuousClock.Instant)
        case waiting(until: ContinuousClock.Instant)
        case stopped
    }

    enum Action: Equatable {
        case start
        case restart(after: Duration)
        case none
    }

    let initialBackoff: Duration
    let maximumBackoff: Duration
    let stableAfter: Duration
    private(set) var state: State = .idle
    private(set) var nextBackoff: Duration
    private(set) var restarts = 0

    init(initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(10), stableAfter: Duration = .seconds(10)) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.stableAfter = stableAfter
        self.nextBackoff = initialBackoff
    }

    /// The supervisor starts, or a backoff delay has passed.
    mutating func shouldStart(now: ContinuousClock.Instant) -> Action {
        switch state {
        case .idle, .waiting: return .start
        case .running, .stopped: return .none
        }
    }

    /// The process was started.
    mutating func started(now: ContinuousClock.Instant) {
        guard state != .stopped else { return }
        state = .running(since: now)
    }

    /// The process exited (or could not be started).
    mutating func exited(now: ContinuousClock.Instant) -> Action {
        guard state != .stopped else { return .none }
        if case .running(let since) = state, now - since >= stableAfter { nextBackoff = initialBackoff }
        let delay = nextBackoff
        nextBackoff = min(maximumBackoff, nextBackoff * 2)
        restarts += 1
        state = .waiting(until: now + delay)
        return .restart(after: delay)
    }

    /// The supervisor is stopping: no more restarts.
    mutating func stop() { state = .stopped }
}
