import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `bento runner`: a runner as its own process.
struct RunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runner",
        abstract: "Run one runner as its own server process.",
        subcommands: [RunnerServeCommand.self]
    )
}

/// `bento runner serve MODEL_TAG [--socket PATH | --host H --port P]`: hosts one stored ONNX
/// model's runner, with its adaptive batcher, as an Open Inference Protocol server.
struct RunnerServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve one model's runner over the Open Inference Protocol (HTTP/1.1, binary tensors).",
        discussion: """
            The runner batches the calls of every client (API servers, tritonclient, curl) in one
            adaptive batcher. It answers /livez, /healthz, /readyz, /metrics and /v2/… on TCP
            (--host, --port) or on a Unix domain socket (--socket). Configuration keys are those of
            `bento serve` (runners.<name>.batching.*, runners.<name>.onnx.*, api_server.traffic.timeout).
            """
    )

    @Argument(help: "The model tag (name, name:latest or name:version).")
    var model: String

    @Option(help: "Listen on this Unix domain socket instead of TCP.")
    var socket: String?

    @Option(help: "Exit when this process (the supervising API server) exits; set by `bento serve`.")
    var parentPid: Int32?

    @Option(help: ArgumentHelp("The CPU cores this replica was given; set by `bento serve`.", visibility: .hidden))
    var threads: Int?

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try Self.checkParent(parentPid)
        try await options.serve(service: nil, models: [model], socket: socket, runnerServer: true, cores: threads)
    }

    /// Ties this process's life to `parent`'s (see ``dieWithParent(_:)``), or exits if it is gone.
    static func checkParent(_ parent: Int32?) throws {
        guard let parent else { return }
        guard dieWithParent(parent) else {
            Terminal.error("error: the parent process \(parent) has exited; stopping")
            throw ExitCode.failure
        }
    }

    /// Asks the kernel to kill this process (SIGKILL) when its parent dies, and returns false if
    /// the parent has already gone (between its fork and this call), so no runner is orphaned.
    ///
    /// `prctl` is variadic in C, which Swift does not import, so it is called through its symbol
    /// with the fixed five-argument form the kernel takes.
    static func dieWithParent(_ parent: Int32) -> Bool {
        #if os(Linux)
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        let setParentDeathSignal: Int32 = 1  // PR_SET_PDEATHSIG
        if let symbol = dlsym(nil, "prctl") {
            _ = unsafeBitCast(symbol, to: Prctl.self)(setParentDeathSignal, UInt(SIGKILL), 0, 0, 0)
        }
        #endif
        return getppid() == parent
    }
}

/// A service executable's `runner` command (not listed in its help): what its `serve` starts
/// for a runner placed `process`.
struct ServiceRunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runner",
        abstract: "Run one runner of this service as its own server process.",
        shouldDisplay: false,
        subcommands: [ServiceRunnerServeCommand.self]
    )
}

/// `runner serve --name RUNNER [--socket PATH | --host H --port P]`: builds the service, takes
/// its runner `RUNNER`, and hosts that runner's runnable (loading its model here) and batchers
/// as an Open Inference Protocol server, one model per method (the runner's name when it has one).
struct ServiceRunnerServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve one runner of this service over the Open Inference Protocol."
    )

    @Option(help: "The runner to host, by name.")
    var name: String

    @Option(help: "Listen on this Unix domain socket instead of TCP.")
    var socket: String?

    @Option(help: "Exit when this process (the supervising API server) exits; set by `serve`.")
    var parentPid: Int32?

    @Option(help: ArgumentHelp("The CPU cores this replica was given; set by `serve`.", visibility: .hidden))
    var threads: Int?

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try RunnerServeCommand.checkParent(parentPid)
        try await options.serve(
            service: try ServiceHolder.service, models: [], socket: socket, runnerServer: true, runner: name, cores: threads
        )
    }
}
