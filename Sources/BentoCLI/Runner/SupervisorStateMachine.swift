/// The restart and health policy of one supervised runner process, as a pure state machine:
/// events in, actions out; time comes in as an argument so tests drive it without sleeping.
///
/// A process that dies is restarted after a delay that doubles on each quick failure (from
/// ``initialBackoff`` up to ``maximumBackoff``) and starts over once a process has stayed up for
/// ``stableAfter``. Once stopping, nothing is restarted.
///
/// While a process runs, the supervisor probes it every ``Health/interval``. A process that
/// fails ``Health/failures`` probes in a row is hung and is to be killed (then restarted as if
/// it had died). Until it has answered once it is still starting (loading its model) and its
/// failures do not count, unless it has been starting for longer than ``Health/startupGrace``.
struct SupervisorStateMachine {
    /// How a running process is probed, and when it counts as hung.
    struct Health: Equatable {
        /// Time between probes.
        var interval: Duration = .seconds(2)
        /// How long one probe may wait for an answer.
        var timeout: Duration = .seconds(2)
        /// Failed probes in a row that make a process hung.
        var failures = 3
        /// How long a process that never answered may take to start.
        var startupGrace: Duration = .seconds(60)
    }

    enum State: Equatable {
        case idle
        case running(since: ContinuousClock.Instant, answered: Bool, failures: Int)
        case waiting(until: ContinuousClock.Instant)
        case stopped
    }

    enum Action: Equatable {
        case start
        case restart(after: Duration)
        /// The process is hung: kill it (SIGKILL); its exit then restarts it.
        case kill(failures: Int)
        case none
    }

    let initialBackoff: Duration
    let maximumBackoff: Duration
    let stableAfter: Duration
    let health: Health
    private(set) var state: State = .idle
    private(set) var nextBackoff: Duration
    private(set) var restarts = 0

    init(
        initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(10),
        stableAfter: Duration = .seconds(10), health: Health = Health()
    ) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.stableAfter = stableAfter
        self.health = health
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
        state = .running(since: now, answered: false, failures: 0)
    }

    /// How long to wait before the next probe: ``Health/interval``, or a fifth of a second
    /// while a process has not answered yet, so that it counts as up as soon as it is.
    var nextProbeDelay: Duration {
        if case .running(_, false, _) = state { return min(health.interval, .milliseconds(200)) }
        return health.interval
    }

    /// A probe got an answer: the process is alive. Returns true for its first answer.
    @discardableResult
    mutating func probeAnswered(now: ContinuousClock.Instant) -> Bool {
        guard case .running(let since, let answered, _) = state else { return false }
        state = .running(since: since, answered: true, failures: 0)
        return !answered
    }

    /// A probe got no answer in time (or the socket refused it).
    mutating func probeFailed(now: ContinuousClock.Instant) -> Action {
        guard case .running(let since, let answered, let failures) = state else { return .none }
        guard answered || now - since >= health.startupGrace else { return .none }
        let count = failures + 1
        state = .running(since: since, answered: answered, failures: count)
        return count >= health.failures ? .kill(failures: count) : .none
    }

    /// The process exited (or could not be started).
    mutating func exited(now: ContinuousClock.Instant) -> Action {
        guard state != .stopped else { return .none }
        if case .running(let since, _, _) = state, now - since >= stableAfter { nextBackoff = initialBackoff }
        let delay = nextBackoff
        nextBackoff = min(maximumBackoff, nextBackoff * 2)
        restarts += 1
        state = .waiting(until: now + delay)
        return .restart(after: delay)
    }

    /// The supervisor is stopping: no more restarts.
    mutating func stop() { state = .stopped }
}
