import Testing

@testable import BentoCLI

@Suite struct SupervisorStateMachineTests {
    let t0 = ContinuousClock.now

    @Test func backoffDoublesOnQuickFailuresUpToTheMaximum() {
        var machine = SupervisorStateMachine(initialBackoff: .milliseconds(100), maximumBackoff: .milliseconds(500), stableAfter: .seconds(10))
        #expect(machine.shouldStart(now: t0) == .start)
        var delays: [Duration] = []
        var now = t0
        for _ in 0..<5 {
            machine.started(now: now)
            now += .milliseconds(50)
            guard case .restart(let delay) = machine.exited(now: now) else { Issue.record("no restart"); return }
            delays.append(delay)
            #expect(machine.shouldStart(now: now + delay) == .start)
        }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        #expect(machine.restarts == 5)
    }

    @Test func aStableRunResetsTheBackoff() {
        var machine = SupervisorStateMachine(initialBackoff: .milliseconds(100), maximumBackoff: .seconds(10), stableAfter: .seconds(10))
        machine.started(now: t0)
        _ = machine.exited(now: t0 + .milliseconds(10))
        machine.started(now: t0 + .seconds(1))
        #expect(machine.exited(now: t0 + .seconds(2)) == .restart(after: .milliseconds(200)))
        machine.started(now: t0 + .seconds(3))
        #expect(machine.exited(now: t0 + .seconds(30)) == .restart(after: .milliseconds(100)))
    }

    @Test func nothingRestartsOnceStopping() {
        var machine = SupervisorStateMachine()
        machine.started(now: t0)
        machine.stop()
        #expect(machine.exited(now: t0 + .seconds(1)) == .none)
        #expect(machine.shouldStart(now: t0 + .seconds(2)) == .none)
    }

    // MARK: - Health checks

    let health = SupervisorStateMachine.Health(interval: .seconds(1), timeout: .seconds(1), failures: 3, startupGrace: .seconds(30))

    @Test func aProcessThatStopsAnsweringIsKilledAfterEnoughFailuresInARow() {
        var machine = SupervisorStateMachine(health: health)
        machine.started(now: t0)
        machine.probeAnswered(now: t0 + .seconds(1))
        #expect(machine.probeFailed(now: t0 + .seconds(2)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(3)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(4)) == .kill(failures: 3))
        // The kill makes it exit, and it is restarted with the usual backoff.
        #expect(machine.exited(now: t0 + .seconds(5)) == .restart(after: .milliseconds(100)))
        #expect(machine.shouldStart(now: t0 + .seconds(5) + .milliseconds(100)) == .start)
    }

    @Test func anAnswerResetsTheFailureCount() {
        var machine = SupervisorStateMachine(health: health)
        machine.started(now: t0)
        machine.probeAnswered(now: t0 + .seconds(1))
        #expect(machine.probeFailed(now: t0 + .seconds(2)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(3)) == .none)
        machine.probeAnswered(now: t0 + .seconds(4))
        #expect(machine.probeFailed(now: t0 + .seconds(5)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(6)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(7)) == .kill(failures: 3))
    }

    @Test func aStartingProcessGetsItsGracePeriod() {
        var machine = SupervisorStateMachine(health: health)
        machine.started(now: t0)
        // Loading its model, no socket yet: failures inside the grace period do not count.
        for second in 1..<30 {
            #expect(machine.probeFailed(now: t0 + .seconds(second)) == .none)
        }
        // Past it, a process that never answered counts as hung too.
        #expect(machine.probeFailed(now: t0 + .seconds(30)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(31)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(32)) == .kill(failures: 3))
    }

    @Test func aRestartedProcessStartsWithACleanSlate() {
        var machine = SupervisorStateMachine(health: health)
        machine.started(now: t0)
        machine.probeAnswered(now: t0 + .seconds(1))
        _ = machine.probeFailed(now: t0 + .seconds(2))
        _ = machine.probeFailed(now: t0 + .seconds(3))
        _ = machine.exited(now: t0 + .seconds(4))
        machine.started(now: t0 + .seconds(5))
        // Not answered yet and inside its grace period: nothing counts.
        #expect(machine.probeFailed(now: t0 + .seconds(6)) == .none)
        machine.probeAnswered(now: t0 + .seconds(7))
        #expect(machine.probeFailed(now: t0 + .seconds(8)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(9)) == .none)
        #expect(machine.probeFailed(now: t0 + .seconds(10)) == .kill(failures: 3))
    }

    @Test func probesComeQuicklyUntilTheFirstAnswer() {
        var machine = SupervisorStateMachine(health: SupervisorStateMachine.Health(interval: .seconds(2)))
        machine.started(now: t0)
        #expect(machine.nextProbeDelay == .milliseconds(200))
        #expect(machine.probeFailed(now: t0 + .milliseconds(200)) == .none)
        #expect(machine.nextProbeDelay == .milliseconds(200))
        let first = machine.probeAnswered(now: t0 + .milliseconds(400))
        #expect(first)
        #expect(machine.nextProbeDelay == .seconds(2))
        let again = machine.probeAnswered(now: t0 + .seconds(3))
        #expect(!again)
    }

    @Test func probesDoNothingWhenNotRunning() {
        var machine = SupervisorStateMachine(health: health)
        #expect(machine.probeFailed(now: t0) == .none)
        machine.started(now: t0)
        machine.probeAnswered(now: t0 + .seconds(1))
        machine.stop()
        for second in 2..<6 {
            #expect(machine.probeFailed(now: t0 + .seconds(second)) == .none)
        }
    }
}
