import BentoCore
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How `serve` starts its `process` runners: this same executable, re-run as a runner server
/// (`runner serve TAG …` for `bento`, `runner serve --name RUNNER …` for a service executable)
/// with `--socket PATH --parent-pid PID` and the server's store, configuration, ONNX Runtime and
/// log level, one Unix socket per replica in a private folder that ``removeSocketDirectory()``
/// deletes when the server exits.
struct ChildRunners: Sendable {
    var executable: String
    /// Arguments every child gets (`--home`, `--config`, …).
    var commonArguments: [String]
    var environment: [String: String]
    var sockets: SocketDirectory
    var logger: Logger

    /// This process's executable and a socket folder of its own (made when a runner needs it).
    static func make(commonArguments: [String], environment: [String: String], logger: Logger) -> ChildRunners {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return ChildRunners(
            executable: executable, commonArguments: commonArguments, environment: environment,
            sockets: SocketDirectory(), logger: logger
        )
    }

    /// One supervisor per replica of runner `runner`, each started as `serveArguments` (the
    /// runner server subcommand and what it hosts) plus its socket, this process's pid and the
    /// common arguments. `threads`, when given, are each replica's cores (`--threads`), and
    /// `environments` each replica's own variables (see ``ResourceScheduler``).
    func supervisors(
        runner: String, serveArguments: [String], replicas: Int, threads: [Int] = [],
        environments: [[String: String]] = []
    ) throws -> [RunnerSupervisor] {
        let directory = try sockets.path()
        return (0..<replicas).map { replica in
            let socket = "\(directory)/\(runner)-\(replica).sock"
            var arguments = serveArguments + ["--socket", socket, "--parent-pid", String(getpid())]
            if replica < threads.count { arguments += ["--threads", String(threads[replica])] }
            return RunnerSupervisor(
                runner: runner,
                replica: replica,
                socketPath: socket,
                executable: executable,
                arguments: arguments + commonArguments,
                environment: environment.merging(replica < environments.count ? environments[replica] : [:]) { $1 },
                logger: logger
            )
        }
    }

    /// How many replicas a `process` runner gets, and each one's cores and variables: from its
    /// `resources` through ``ResourceScheduler`` when it has them, else `replicas` as they are.
    func plan(_ configuration: RunnerConfiguration, replicas: Int, runner: String) throws -> ReplicaSetup {
        guard let resources = configuration.distribution.resources else {
            return ReplicaSetup(replicas: replicas, threads: [], environments: [])
        }
        let plans = try ResourceScheduler.plan(
            resources,
            workersPerResource: configuration.distribution.workersPerResource ?? 1,
            availableCPUs: ProcessInfo.processInfo.activeProcessorCount,
            availableGPUs: Self.visibleGPUs(),
            runner: runner
        )
        return ReplicaSetup(replicas: plans.count, threads: plans.map(\.threads), environments: plans.map(\.environment))
    }

    /// See ``plan(_:replicas:runner:)``.
    struct ReplicaSetup {
        var replicas: Int
        var threads: [Int]
        var environments: [[String: String]]
    }

    /// Deletes the socket folder and whatever is left in it (call when the server exits).
    func removeSocketDirectory() { sockets.remove() }

    /// The GPUs this process may use: `CUDA_VISIBLE_DEVICES` when set, else those the NVIDIA
    /// driver lists in `/proc/driver/nvidia/gpus`, numbered from 0.
    static func visibleGPUs(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let visible = environment["CUDA_VISIBLE_DEVICES"] {
            return visible.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
        }
        let count = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/driver/nvidia/gpus").count) ?? 0
        return (0..<count).map(String.init)
    }
}

/// The private folder of one server's runner sockets: `$TMPDIR/bento-<pid>-XXXXXX` (mode 0700,
/// made by `mkdtemp` on first use), removed with its contents by ``remove()``. Folders that a
/// server killed with SIGKILL left behind are removed by the next server that makes one, once
/// the pid in their name is gone.
final class SocketDirectory: Sendable {
    private let made = Mutex<String?>(nil)
    let parent: String

    init(parent: String = "/tmp") { self.parent = parent }

    /// The folder, made on the first call.
    func path() throws -> String {
        try made.withLock { made in
            if let made { return made }
            Self.removeStale(in: parent)
            var template = Array("\(parent)/bento-\(getpid())-XXXXXX".utf8CString)
            guard let result = mkdtemp(&template) else {
                throw CLIError(message: "cannot make a folder for runner sockets in \(parent): \(String(cString: strerror(errno)))")
            }
            let path = String(cString: result)
            made = path
            return path
        }
    }

    /// Removes the folder, if it was made.
    func remove() {
        made.withLock { made in
            if let path = made { try? FileManager.default.removeItem(atPath: path) }
            made = nil
        }
    }

    /// Removes `bento-<pid>-XXXXXX` folders of processes that no longer exist.
    static func removeStale(in parent: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where entry.hasPrefix("bento-") {
            let parts = entry.split(separator: "-")
            guard parts.count == 3, parts[2].count == 6, let pid = Int32(parts[1]), pid != getpid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            var status = stat()
            let path = "\(parent)/\(entry)"
            // Only this user's own folders, as mkdtemp made them.
            guard lstat(path, &status) == 0, status.st_uid == getuid(), (status.st_mode & S_IFMT) == S_IFDIR else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
