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

    // Threads spin briefly after a job and a submit wakes a sleeper only for jobs beyond what
    // the spinners take: jobs must still all run, whether they arrive while threads spin, while
    // they sleep, or in bursts larger than the pool.
    @Test func jobsRunWhetherThreadsSpinOrSleep() async throws {
        let pool = BlockingPool(threads: 2, name: "bento-test-pool", spin: .microseconds(200))
        defer { pool.shutdown() }
        for round in 0..<3 {
            #expect(try await pool.run { round } == round)  // back to back: a spinner takes it
            #expect(try await pool.run { round + 1 } == round + 1)
            usleep(5_000)  // past the spin: the threads sleep, the next job must wake one
        }
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var sum = 0
                    for call in 0..<250 { sum += try await pool.run { task * 1000 + call } }
                    return sum
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == (0..<8).reduce(0) { sum, task in sum + (0..<250).reduce(0) { $0 + task * 1000 + $1 } })
    }

    @Test func aPoolThatDoesNotSpinStillRunsEveryJob() async throws {
        let pool = BlockingPool(threads: 3, name: "bento-test-pool", spin: .zero)
        defer { pool.shutdown() }
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 { group.addTask { try await pool.run { index } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<64))
    }
}

private final class Counters: Sendable {
    let state = Mutex((running: 0, peak: 0))
}
