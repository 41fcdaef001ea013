import Foundation
import Synchronization

/// A fixed set of dedicated threads that run blocking jobs (ONNX Runtime's `Run`, model loading)
/// behind an async API, so they never occupy Swift's cooperative pool or a NIO event loop.
///
/// Threads start on the first job and stop when the pool is shut down (its owner's `deinit`),
/// after finishing the jobs already queued.
///
/// A thread that has just finished a job keeps looking for the next one for up to `spin`
/// (polling an atomic count, then yielding its CPU between polls) before it sleeps on the
/// condition variable. Back-to-back calls, the usual case for a server or a batcher, then find a
/// thread awake and skip the futex wake and reschedule, several microseconds each. The spin is
/// bounded and starts only after a job, so an idle pool sleeps and uses no CPU.
///
/// `@unchecked Sendable`: `jobs`, `head`, `started`, `stopping` and `sleepers` are read and
/// written only while holding `condition` (an `NSCondition`, a mutex with a condition variable,
/// which `Mutex` lacks); `pending` and `spinning` are atomics, hints read by spinning threads
/// without the lock (the queue under the lock is the truth); the rest is immutable.
final class BlockingPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    /// How long a thread looks for another job after finishing one, by default: enough to cover
    /// the caller's resumption on the cooperative pool and its next call.
    static let defaultSpin: Duration = .microseconds(50)

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var started = false
    private var stopping = false
    /// Threads waiting on `condition`.
    private var sleepers = 0
    /// Jobs queued and not yet taken (`jobs.count - head`, briefly less while a submit publishes),
    /// readable without the lock.
    private let pending = Atomic<Int>(0)
    /// Threads spinning after a job, each about to take a queued job or recheck under the lock.
    private let spinning = Atomic<Int>(0)
    let threadCount: Int
    private let name: String
    private let spinNanoseconds: UInt64

    init(threads: Int, name: String, spin: Duration = BlockingPool.defaultSpin) {
        threadCount = max(1, threads)
        self.name = name
        let (seconds, attoseconds) = spin.components
        spinNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// Runs `body` on one of the pool's threads and returns its result (or its error).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        // Unsafe rather than checked: the job below resumes exactly once, and the checked
        // variant's extra allocation and atomic exchange are pure cost on every call.
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
            submit {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Queues a job.
    func submit(_ job: @escaping Job) {
        condition.lock()
        if !started {
            started = true
            for index in 0..<threadCount {
                // Linux thread names hold 15 bytes; a longer one is refused and the thread keeps
                // the name it inherited from its creator. Set from inside, as Linux Foundation
                // does not apply a name given before `start()`.
                let threadName = String("\(name.prefix(10))-\(index)".prefix(15))
                let thread = Thread { [self] in
                    Thread.current.name = threadName
                    work()
                }
                thread.stackSize = 1 << 21
                thread.start()
            }
        }
        jobs.append(job)
        // A spinning thread will take the job (it rechecks the queue under the lock before it
        // sleeps); wake a sleeper only for jobs beyond what the spinners will take. Reading
        // `spinning` as it changes at worst wakes a thread that finds nothing and sleeps again.
        let wake = sleepers > 0 && jobs.count - head > spinning.load(ordering: .relaxed)
        condition.unlock()
        // Published after unlocking: a spinner that sees it at once and takes the lock must not
        // find it still held here, or it sleeps on the mutex and pays the wake it spun to avoid.
        // Signalled after unlocking for the same reason.
        pending.add(1, ordering: .relaxed)
        if wake { condition.signal() }
    }

    /// Lets the threads finish queued jobs and exit.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            if head < jobs.count {
                let job = jobs[head]
                head += 1
                pending.subtract(1, ordering: .relaxed)
                if head > 64 && head * 2 > jobs.count {
                    jobs.removeFirst(head)
                    head = 0
                }
                condition.unlock()
                job()
                spin()
                condition.lock()
                continue
            }
            if stopping {
                condition.unlock()
                return
            }
            sleepers += 1
            condition.wait()
            sleepers -= 1
        }
    }

    /// Polls for a queued job until one appears or `spinNanoseconds` pass: tight polling for the
    /// first few microseconds (a job from a caller that is already running arrives within them),
    /// then `sched_yield` between polls so a spinning thread gives its CPU to any thread that
    /// wants one, the caller's included, on a busy machine.
    private func spin() {
        guard spinNanoseconds > 0 else { return }
        spinning.add(1, ordering: .relaxed)
        defer { spinning.subtract(1, ordering: .relaxed) }
        let start = Self.monotonicNanoseconds()
        let tight = min(spinNanoseconds, Self.tightSpinNanoseconds)
        while true {
            for _ in 0..<32 {
                if pending.load(ordering: .relaxed) > 0 { return }
            }
            let elapsed = Self.monotonicNanoseconds() &- start
            if elapsed >= spinNanoseconds { return }
            if elapsed >= tight { sched_yield() }
        }
    }

    /// How long `spin` polls without yielding.
    private static let tightSpinNanoseconds: UInt64 = 5_000

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
