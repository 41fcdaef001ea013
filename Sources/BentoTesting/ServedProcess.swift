public import Foundation

/// A server started as a real child process (`bento serve …`), with its output captured to a
/// file, its listening port read from its log, and helpers to call it over loopback and stop it.
///
/// ```swift
/// let server = try ServedProcess.start(Fixtures.bentoExecutable, ["serve", "iris", "--port", "0", "--host", "127.0.0.1"])
/// defer { server.stop() }
/// let port = try server.waitForPort()
/// ```
public final class ServedProcess: @unchecked Sendable {
    // Only touched from the test's own task; Process itself is thread-safe for these calls.
    private let process: Process
    private let logURL: URL

    private init(process: Process, logURL: URL) {
        self.process = process
        self.logURL = logURL
    }

    /// Starts `executable` with `arguments`; stdout and stderr go to one log file.
    public static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> ServedProcess {
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("bento-serve-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return ServedProcess(process: process, logURL: logURL)
    }

    /// Everything the process has written so far.
    public var output: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// The exit status once it has exited; `nil` while it runs (Foundation traps on reading it then).
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Waits (up to `timeout`) for the log line `listening on HOST:PORT` and returns the port.
    public func waitForPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in output.split(separator: "\n") where line.contains("listening on ") {
                let address = line.split(separator: " ").last ?? ""
                if let port = Int(address.split(separator: ":").last ?? "") { return port }
            }
            guard process.isRunning else {
                throw FixtureError(message: "server exited with status \(process.terminationStatus) before listening:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError(message: "server did not listen within \(timeout):\n\(output)")
    }

    /// Waits (up to `timeout`) for a log line containing `text` and returns it (for servers on a
    /// Unix socket, whose listening line has no port).
    public func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            guard process.isRunning else {
                throw FixtureError(message: "process exited with status \(process.terminationStatus) before logging '\(text)':\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError(message: "process did not log '\(text)' within \(timeout):\n\(output)")
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Waits (up to `timeout`) for the process to exit; returns whether it did.
    public func waitForExit(timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !process.isRunning
    }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Stops the process for good (SIGKILL) and removes its log.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }

    /// One HTTP exchange over loopback with `curl`: returns the status and the body.
    public static func http(
        _ method: String,
        _ url: String,
        body: String? = nil,
        headers: [String] = [],
        unixSocket: String? = nil
    ) throws -> (status: Int, body: String) {
        var arguments = ["-s", "-S", "--max-time", "30", "-X", method, "-o", "-", "-w", "\n%{http_code}"]
        if let unixSocket { arguments += ["--unix-socket", unixSocket] }
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["--data-binary", body] }
        arguments.append(url)
        let result = try Fixtures.run("/usr/bin/curl", arguments)
        guard result.status == 0 else { throw FixtureError(message: "curl failed: \(result.stderr)") }
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }
}
