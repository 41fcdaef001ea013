import Foundation
import Logging

/// How `bento serve` starts its `process` runners: this same executable, re-run as
/// `runner serve TAG --socket PATH --parent-pid PID` with the server's store, configuration,
/// ONNX Runtime and log level, one Unix socket per replica in a private folder.
struct ChildRunners: Sendable {
    var executable: String
    /// Arguments every child gets (`--home`, `--config`, …).
    var commonArguments: [String]
    var environment: [String: String]
    var socketDirectory: String
    var logger: Logger

    /// This process's executable and a socket folder of its own (made when a runner needs it).
    static func make(commonArguments: [String], environment: [String: String], logger: Logger) -> ChildRunners {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let directory = "/tmp/bento-\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
        return ChildRunners(
            executable: executable, commonArguments: commonArguments, environment: environment,
            socketDirectory: directory, logger: logger
        )
    }

    /// One supervisor per replica of runner `runner`, serving the stored model `tag`.
    func supervisors(runner: String, tag: String, replicas: Int) throws -> [RunnerSupervisor] {
        try FileManager.default.createDirectory(
            atPath: socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
        )
        return (0..<replicas).map { replica in
            let socket = "\(socketDirectory)/\(runner)-\(replica).sock"
            return RunnerSupervisor(
                runner: runner,
                replica: replica,
                socketPath: socket,
                executable: executable,
                arguments: ["runner", "serve", tag, "--socket", socket, "--parent-pid", String(getpid())] + commonArguments,
                environment: environment,
                logger: logger
            )
        }
    }
}
