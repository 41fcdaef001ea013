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

    @OptionGroup var options: ServeOptions

    func run() async throws {
        if let parentPid {
            guard Self.dieWithParent(parentPid) else {
                Terminal.error("error: the parent process \(parentPid) has exited; stopping")
                throw ExitCode.failure
            }
        }
        try await options.serve(service: nil, models: [model], socket: socket, runnerServer: true)
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
