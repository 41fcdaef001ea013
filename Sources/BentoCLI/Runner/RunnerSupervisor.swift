import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs one runner replica as a child process (`bento runner serve TAG --socket PATH`) for as
/// long as the service group runs: restarts it with exponential backoff when it dies, prefixes
/// its log lines with the runner's name, and on shutdown sends SIGTERM, then SIGKILL after
/// ``grace``. The child also dies with this process (it sets a parent-death signal), so no
/// runner is orphaned even when the API server is killed with SIGKILL.
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

    init(
        runner: String, replica: Int, socketPath: String, executable: String, arguments: [String],
        environment: [String: String], grace: Duration = .seconds(5), logger: Logger
    ) {
        self.runner = runner
        self.replica = replica
        self.socketPath = socketPath
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.grace = grace
        self.logger = logger
    }

    /// The running child's pid, if any (for tests and logs).
    var pid: Int32? { current.withLock { $0.map { $0.isRunning ? $0.processIdentifier : nil } ?? nil } }

    var label: String { "runner '\(runner)' replica \(replica)" }

    func run() async throws {
        var machine = SupervisorStateMachine()
        await withGracefulShutdownHandler {
            while !Task.isCancelled, !stopping.load(ordering: .relaxed), machine.shouldStart(now: .now) == .start {
                let exitStatus: Int32
                do {
                    let process = try launch()
                    machine.started(now: .now)
                    logger.info("\(label) started (pid \(process.processIdentifier), \(socketPath))")
                    exitStatus = await waitForExit(process)
                } catch {
                    logger.error("\(label) could not be started: \(error)")
                    exitStatus = -1
                }
                guard case .restart(let delay) = machine.exited(now: .now), !Task.isCancelled,
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
        machine.stop()
        stopChild()
        await waitForStop()
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
        let prefixer = LinePrefixer(prefix: "[\(runner)#\(replica)] ")
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                prefixer.flush()
            } else {
                prefixer.write(data)
            }
        }
        try current.withLock { slot in
            try process.run()
            slot = process
        }
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
