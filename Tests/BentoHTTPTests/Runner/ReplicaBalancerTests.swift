import Testing

@testable import BentoHTTP

@Suite struct ReplicaBalancerTests {
    let now = ContinuousClock.now

    @Test func picksTheLeastOutstandingAndSharesTies() {
        var balancer = ReplicaBalancer(replicas: 3, maxOutstanding: 10)
        var picks: [ReplicaBalancer.Decision] = []
        for _ in 0..<3 { picks.append(balancer.acquire(now: now)) }
        #expect(picks == [.replica(0), .replica(1), .replica(2)])
        balancer.release(1)
        #expect(balancer.acquire(now: now) == .replica(1))
        balancer.release(0)
        balancer.release(0)  // releasing more than was taken never goes negative
        #expect(balancer.outstanding == [0, 1, 1])
        #expect(balancer.acquire(now: now) == .replica(0))
    }

    @Test func refusesPastTheBoundInsteadOfQueueing() {
        var balancer = ReplicaBalancer(replicas: 2, maxOutstanding: 2)
        for _ in 0..<4 { guard case .replica = balancer.acquire(now: now) else { Issue.record("refused early"); return } }
        #expect(balancer.acquire(now: now) == .overloaded)
        balancer.release(1)
        #expect(balancer.acquire(now: now) == .replica(1))
    }

    @Test func skipsDownReplicasUntilTheirTimeOrWhenNothingElseIsUp() {
        var balancer = ReplicaBalancer(replicas: 2, maxOutstanding: 10)
        balancer.markDown(0, until: now + .seconds(1))
        #expect(balancer.isDown(0, now: now))
        for _ in 0..<3 {
            #expect(balancer.acquire(now: now) == .replica(1))
        }
        // Past its time, replica 0 is tried again (and it is the least loaded).
        #expect(balancer.acquire(now: now + .seconds(2)) == .replica(0))
        // With every replica down, the least loaded is still tried.
        balancer.markDown(1, until: now + .seconds(5))
        balancer.markDown(0, until: now + .seconds(5))
        #expect(balancer.acquire(now: now) == .replica(0))
        balancer.markUp(1)
        #expect(!balancer.isDown(1, now: now))
    }

    @Test func excludedReplicasAreNotRetried() {
        var balancer = ReplicaBalancer(replicas: 2, maxOutstanding: 10)
        #expect(balancer.acquire(excluding: [0], now: now) == .replica(1))
        #expect(balancer.acquire(excluding: [0, 1], now: now) == .exhausted)
    }
}
