import Foundation

/// Runs a program to completion, collecting its output; used for `swift build`, `ldd` and the
/// container tools.
enum Subprocess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The last `lines` lines of stderr and stdout, for error messages.
        func tail(_ lines: Int = 40) -> String {
            let all = (stderr + "\n" + stdout).split(separator: "\n", omittingEmptySubsequences: true)
            return all.suffix(lines).joined(separator: "\n")
        }
    }

    /// Runs `arguments[0]` (found on `PATH` when it has no `/`) in `directory`. `passThrough`
    /// sends the child's output to ours instead of collecting it.
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil, passThrough: Bool = false
    ) throws(BuildError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        if !passThrough {
            process.standardOutput = out
            process.standardError = err
        }
        do {
            try process.run()
        } catch {
            throw BuildError(.toolFailed, "cannot run \(arguments[0]): \(error)")
        }
        var errData = Data()
        var outData = Data()
        if !passThrough {
            let group = DispatchGroup()
            let box = DataBox()
            group.enter()
            DispatchQueue.global().async {
                box.data = err.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            errData = box.data
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
