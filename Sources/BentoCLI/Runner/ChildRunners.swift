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
    /// `environments`, when given, adds each replica's own variables (see ``ResourceScheduler``).
    func supervisors(runner: String, tag: String, replicas: Int, environments: [[String: String]] = []) throws -> [RunnerSupervisor] {
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
                environment: environment.merging(replica < environments.count ? environments[replica] : [:]) { $1 },
                logger: logger
            )
        }
    }

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
