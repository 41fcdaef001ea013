public import Foundation

/// Locations and helpers the test suites share: the package root, the fixtures that
/// `scripts/setup-test-deps` installs, the project's Python, scratch folders and child processes.
///
/// ```swift
/// let model = try Fixtures.file("minilm/model.onnx")
/// try await Fixtures.withTemporaryDirectory { dir in … }
/// ```
public enum Fixtures {
    /// The root of the SwiftBento package (the folder holding `Package.swift`).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/BentoTesting/Fixtures.swift
        return url
    }()

    /// Where fetched fixtures live: `$BENTO_TEST_FIXTURES`, else `<package root>/.fixtures`.
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["BENTO_TEST_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.appendingPathComponent(".fixtures")
    }

    /// Committed fixtures, under `Tests/Fixtures/`.
    public static var committed: URL { packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// The path of a fetched fixture, or an error telling how to install it.
    public static func file(_ relativePath: String) throws -> String {
        let path = directory.appendingPathComponent(relativePath).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FixtureError(message: "fixture \(path) is missing; run scripts/setup-test-deps")
        }
        return path
    }

    /// The project's Python: `.venv/bin/python` when it exists, else `python3` from `PATH`.
    public static var python: String {
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/env python3"
    }

    /// Runs `body` with a fresh empty directory, removed afterwards.
    public static func withTemporaryDirectory<T>(
        _ body: (URL) async throws -> T
    ) async throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("bento-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url)
    }

    /// The output of a finished child process.
    public struct ProcessResult: Sendable {
        /// Exit status (or the terminating signal's number).
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// Runs a program to completion and collects its output. `executable` may be a path or a
    /// command line's first word found through `/usr/bin/env`.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        stdin: Data? = nil
    ) throws -> ProcessResult {
        let process = Process()
        var words = executable.split(separator: " ").map(String.init)
        process.executableURL = URL(fileURLWithPath: words.removeFirst())
        process.arguments = words + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let errData = LockedBox<Data>(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.value = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self)
        )
    }

    /// The `bento` executable built next to the tests.
    public static var bentoExecutable: String {
        let bundle = Bundle.main.bundleURL  // …/debug/swift-bentoPackageTests.xctest or …/debug
        var dir = bundle
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        let candidate = dir.appendingPathComponent("bento").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return packageRoot.appendingPathComponent(".build/debug/bento").path
    }
}

/// A fixture is missing or a helper failed.
public struct FixtureError: Error, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates the error.
    public init(message: String) { self.message = message }
    public var description: String { message }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Value
    init(_ value: Value) { _value = value }
    var value: Value {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}
