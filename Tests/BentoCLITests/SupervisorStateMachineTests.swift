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
}
