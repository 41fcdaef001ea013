import Foundation
import Synchronization
import Testing

@testable import BentoONNX

@Suite struct BlockingPoolTests {
    @Test func jobsRunOnThePoolsOwnThreads() async throws {
        let pool = BlockingPool(threads: 2, name: "bento-test")
        defer { pool.shutdown() }
        let name = try await pool.run { Thread.current.name ?? "" }
        #expect(name.hasPrefix("bento-test-"))
    }

    @Test func concurrencyReachesButNeverExceedsTheThreadCount() async throws {
        let pool = BlockingPool(threads: 3, name: "bento-test-pool")
        defer { pool.shutdown() }
        let counters = Counters()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.run {
                        counters.state.withLock {
                            $0.running += 1; $0.peak = max($0.peak, $0.running)
                        }
                        usleep(30_000)
                        counters.state.withLock { $0.running -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counters.state.withLock { $0.peak } == 3)
    }

    @Test func errorsComeBackToTheCaller() async throws {
        struct Boom: Error {}
        let pool = BlockingPool(threads: 1, name: "bento-test-pool")
        defer { pool.shutdown() }
        await #expect(throws: Boom.self) { try await pool.run { throw Boom() } }
        #expect(try await pool.run { 42 } == 42)
    }
}

private final class Counters: Sendable {
    let state = Mutex((running: 0, peak: 0))
}
