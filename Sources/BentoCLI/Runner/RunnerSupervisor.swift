import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs one runner replica as a child process (a runner server on a Unix socket) for as long
/// as the service group runs: restarts it with exponential backoff when it dies, probes its
/// `/livez` every two seconds and kills it (SIGKILL, then restarts it) when it stops answering,
/// prefixes its log lines with the runner's name, and on shutdown sends SIGTERM, then SIGKILL
/// after ``grace``. The child also dies with this process (it sets a parent-death signal), so no
/// runner is orphaned even when the API server is killed with SIGKILL. The socket is removed
/// before each start (a killed child leaves it behind) and when the supervisor stops.
final class RunnerSupervisor: Service, Sendable {
    let runner: String
    let replica: Int
    let socketPath: String
    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let grace: Duration
    let logger: Logger
    private let current = Mutex<Process?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let machine: Mutex<SupervisorStateMachine>

    init(
        runner: String, replica: Int, socketPath: String, executable: String, arguments: [String],
        environment: [String: String], grace: Duration = .seconds(5),
        policy: SupervisorStateMachine = SupervisorStateMachine(), logger: Logger
    ) {
        self.runner = runner
        self.replica = replica
        self.socketPath = socketPath
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.grace = grace
        self.machine = Mutex(policy)
        self.logger = logger
    }

    /// The running child's pid, if any (for tests and logs).
    var pid: Int32? { current.withLock { $0.map { $0.isRunning ? $0.processIdentifier : nil } ?? nil } }

    var label: String { "runner '\(runner)' replica \(replica)" }

    func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isCancelled, !stopping.load(ordering: .relaxed), machine.withLock({ $0.shouldStart(now: .now) }) == .start {
                let exitStatus: Int32
                do {
                    try? FileManager.default.removeItem(atPath: socketPath)
                    let process = try launch()
                    machine.withLock { $0.started(now: .now) }
                    logger.info("\(label) started (pid \(process.processIdentifier), \(socketPath))")
                    exitStatus = await superviseUntilExit(process)
                } catch {
                    logger.error("\(label) could not be started: \(error)")
                    exitStatus = -1
                }
                guard case .restart(let delay) = machine.withLock({ $0.exited(now: .now) }), !Task.isCancelled,
                    !stopping.load(ordering: .relaxed)
                else { break }
                logger.error("\(label) exited with status \(exitStatus); restarting in \(delay)")
                try? await Task.sleep(for: delay)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.stopChild()
        }
        stopping.store(true, ordering: .relaxed)
        machine.withLock { $0.stop() }
        stopChild()
        await waitForStop()
    }

    /// Waits for `process` to exit while probing it; kills it when the state machine says it is hung.
    private func superviseUntilExit(_ process: Process) async -> Int32 {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.waitForExit(process) }
            group.addTask {
                await self.probe(process)
                return nil
            }
            var status: Int32 = 0
            for await result in group {
                if let result {
                    status = result
                    group.cancelAll()
                }
            }
            return status
        }
    }

    private func probe(_ process: Process) async {
        let timeout = machine.withLock { $0.health.timeout }
        while !Task.isCancelled, process.isRunning {
            try? await Task.sleep(for: machine.withLock { $0.nextProbeDelay })
            guard !Task.isCancelled, process.isRunning, !stopping.load(ordering: .relaxed) else { return }
            let alive = await LivenessProbe.check(socket: socketPath, timeout: timeout)
            let (action, first) = machine.withLock { machine in
                alive ? (SupervisorStateMachine.Action.none, machine.probeAnswered(now: .now)) : (machine.probeFailed(now: .now), false)
            }
            if first { logger.info("\(label) is up (pid \(process.processIdentifier))") }
            if case .kill(let failures) = action, process.isRunning {
                logger.error("\(label) (pid \(process.processIdentifier)) did not answer /livez \(failures) times in a row; killing it")
                kill(process.processIdentifier, SIGKILL)
                return
            }
        }
    }

    private func launch() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try current.withLock { slot in
                try process.run()
                slot = process
            }
        } catch {
            try? output.fileHandleForReading.close()
            try? output.fileHandleForWriting.close()
            throw error
        }
        // The child's output is read on a thread of its own with plain blocking reads until EOF.
        // (With a `readabilityHandler` instead, libdispatch now and then crashed in
        // `_dispatch_event_loop_drain` as children exited at shutdown.)
        let reading = output.fileHandleForReading
        let prefixer = LinePrefixer(prefix: "[\(runner)#\(replica)] ")
        let reader = Thread {
            let fd = reading.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    prefixer.write(Data(buffer[..<n]))
                } else if n < 0, errno == EINTR {
                    continue
                } else if n < 0, errno == EAGAIN {
                    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&entry, 1, -1)
                } else {
                    break
                }
            }
            prefixer.flush()
            try? reading.close()
        }
        reader.name = "bento-\(runner)-\(replica)-log"
        reader.start()
        return process
    }

    private func waitForExit(_ process: Process) async -> Int32 {
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
            if Task.isCancelled || stopping.load(ordering: .relaxed) { break }
        }
        return process.isRunning ? 0 : process.terminationStatus
    }

    /// SIGTERM now; SIGKILL if still running after the grace period (see ``waitForStop()``).
    private func stopChild() {
        current.withLock { process in
            if let process, process.isRunning { kill(process.processIdentifier, SIGTERM) }
        }
    }

    private func waitForStop() async {
        guard let process = current.withLock({ $0 }) else { return }
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            logger.warning("\(label) did not stop within \(grace); killing it")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: socketPath)
    }
}

/// Writes a child's output to standard error line by line, each line prefixed.
final class LinePrefixer: Sendable {
    private let prefix: Data
    private let pending = Mutex(Data())

    init(prefix: String) { self.prefix = Data(prefix.utf8) }

    func write(_ data: Data) {
        let lines: Data = pending.withLock { pending in
            pending.append(data)
            guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return Data() }
            let complete = pending[pending.startIndex...last]
            pending = Data(pending[pending.index(after: last)...])
            var out = Data()
            for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                out.append(prefix)
                out.append(line)
                out.append(UInt8(ascii: "\n"))
            }
            return out
        }
        if !lines.isEmpty { FileHandle.standardError.write(lines) }
    }

    func flush() {
        let rest = pending.withLock { pending in
            defer { pending = Data() }
            return pending
        }
        if !rest.isEmpty { FileHandle.standardError.write(prefix + rest + Data("\n".utf8)) }
    }
}
