import Foundation

/// A fixed set of dedicated threads that run blocking jobs (ONNX Runtime's `Run`, model loading)
/// behind an async API, so they never occupy Swift's cooperative pool or a NIO event loop.
///
/// Threads start on the first job and stop when the pool is shut down (its owner's `deinit`),
/// after finishing the jobs already queued.
///
/// `@unchecked Sendable`: `jobs` and `state` are read and written only while holding `condition`
/// (an `NSCondition`, a mutex with a condition variable, which `Mutex` lacks); the rest is
/// immutable.
final class BlockingPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var started = false
    private var stopping = false
    let threadCount: Int
    private let name: String

    init(threads: Int, name: String) {
        threadCount = max(1, threads)
        self.name = name
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit { continuation.resume(with: Result { try body() }) }
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
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish queued jobs and exit.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 64 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
