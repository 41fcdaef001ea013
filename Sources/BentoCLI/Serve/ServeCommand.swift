import ArgumentParser
import BentoCore
import BentoHTTP
import BentoONNX
import Foundation
import Logging

/// `bento serve MODEL_TAG… [--host H] [--port P] [--config FILE]`: serves stored ONNX models with
/// no code (a service executable's own `serve` serves its service instead).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve stored ONNX models: Open Inference Protocol endpoints and POST /<model>/predict.",
        discussion: """
            Each model gets a runner that batches concurrent calls when its signature is batchable.
            The server answers /livez at once and /readyz with 200 once every model is loaded.
            Configuration comes from --config (or BENTO_CONFIG) and BENTO_CONFIG_OPTIONS.
            """
    )

    @Argument(help: "Model tags to serve (name, name:latest or name:version), or one bento: its tag or its folder.")
    var targets: [String] = []

    @OptionGroup var options: ServeOptions

    func run() async throws {
        if let bento = try BentoTarget.find(targets, home: options.home) {
            try await BentoTarget.serve(bento, options: options)
            return
        }
        try await options.serve(service: nil, models: targets)
    }
}

/// The options every `serve` takes, and the shared serving path.
struct ServeOptions: ParsableArguments {
    @Option(help: "The address to listen on (default 0.0.0.0, or api_server.http.host).")
    var host: String?

    @Option(help: "The port to listen on (default 3000, or api_server.http.port).")
    var port: Int?

    @Option(help: "A YAML configuration file (default: $BENTO_CONFIG).")
    var config: String?

    @Option(help: "The SwiftBento home folder (default: $BENTO_HOME, else ~/.bento).")
    var home: String?

    @Option(help: "The ONNX Runtime library, a file or its folder (default: searched).")
    var onnxruntime: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(help: "Run every runner embedded (in this process) or as child processes (process).")
    var runners: String?

    /// Serves `code`, or the stored `models` with no code. `runnerServer` serves one runner as a
    /// runner server (its runner and the Open Inference Protocol, no `/predict` APIs): the one
    /// model of `models`, or the runner of `code` named `runner`. `socket` listens on a Unix
    /// domain socket instead of TCP, and `cores` are a runner server's share of the machine.
    func serve(
        service code: BentoService?, models: [String], socket: String? = nil, runnerServer: Bool = false,
        runner hosted: String? = nil, cores: Int? = nil
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = CLILogging.bootstrapped(level: logLevel ?? environment["BENTO_LOG_LEVEL"])
        var supervisors: [RunnerSupervisor] = []
        var common = ["--home", home ?? ModelStore.defaultHome(environment: environment)]
        if let config { common += ["--config", config] }
        if let onnxruntime { common += ["--onnxruntime", onnxruntime] }
        if let logLevel { common += ["--log-level", logLevel] }
        let children = ChildRunners.make(commonArguments: common, environment: environment, logger: logger)
        defer { children.removeSocketDirectory() }
        let (service, http) = try await Self.reportingErrors { () async throws -> (BentoService, HTTPConfigurationBox) in
            var source = try ConfigurationSource(file: config, environment: environment)
            if let host { source.set("api_server.http.host", host) }
            if let port { source.set("api_server.http.port", String(port)) }
            var settings = try ServerSettings(source: source)
            settings.http.socketPath = socket
            if let runners {
                guard ["embedded", "process"].contains(runners) else {
                    throw CLIError(message: "--runners must be embedded or process, got '\(runners)'")
                }
                settings.placementOverride = runners
            }
            var onnx = ONNXRuntime.Configuration.defaults
            if let onnxruntime { onnx.libraryPath = onnxruntime }
            if let code {
                guard models.isEmpty else {
                    throw CLIError(message: "this executable serves its own service; do not pass model tags")
                }
                try settings.checkRunnerNames(code.runners.map(\.name))
                if runnerServer {
                    let service = try await CodeService.runnerServer(code, runner: hosted ?? "", settings: settings)
                    return (service, HTTPConfigurationBox(settings.http))
                }
                let service = try CodeService.place(code, settings: settings, children: children, supervisors: &supervisors)
                return (service, HTTPConfigurationBox(settings.http))
            }
            guard !models.isEmpty else {
                throw CLIError(message: "name at least one model to serve, e.g. `bento serve iris:latest`; see `bento models list`")
            }
            let store = ModelStore(home: home ?? ModelStore.defaultHome(environment: environment))
            var sources: [ZeroCodeService.Source] = []
            for tag in models {
                let source = try await Self.source(of: tag, store: store, settings: settings, runnerServer: runnerServer)
                guard !sources.contains(where: { $0.name == source.name }) else {
                    throw CLIError(message: "model '\(source.name)' is named twice; serve one version per name")
                }
                sources.append(source)
            }
            // A runner server shares its parent's configuration, which names the other runners too.
            if !runnerServer { try settings.checkRunnerNames(sources.map(\.name)) }
            if runnerServer, sources.count != 1 {
                throw CLIError(message: "a runner server hosts one model; name exactly one")
            }
            let service = try ZeroCodeService.make(
                models: sources, settings: settings, onnx: onnx, apis: !runnerServer, children: children,
                cores: cores, logger: logger, supervisors: &supervisors
            )
            return (service, HTTPConfigurationBox(settings.http))
        }
        let address = http.value.socketPath.map { "unix:\($0)" } ?? "http://\(http.value.host):\(http.value.port)"
        logger.info(
            "serving \(service.name) on \(address) (APIs: \(service.apis.map(\.route).joined(separator: ", ")))"
        )
        do {
            try await ServiceRuntime.run(service, http: http.value, logger: logger, supervisors: supervisors)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The model `tag` from the local store; or, when it is not there and its runner is
    /// remote, as the remote runner describes it (`GET /v2/models/<name>`).
    static func source(
        of tag: String, store: ModelStore, settings: ServerSettings, runnerServer: Bool
    ) async throws -> ZeroCodeService.Source {
        let missing: StoreError
        switch Result(catching: { () throws(StoreError) -> StoredModel in try store.get(tag, verifyHashes: true) }) {
        case .success(let model): return .stored(model)
        case .failure(let error): missing = error
        }
        let name = String(tag.prefix { $0 != ":" })
        guard missing.code == .notFound, !runnerServer else { throw missing }
        let (configuration, _) = try settings.runner(name, onnx: .defaults)
        guard case .remote(let urls) = try settings.placement(of: name, configuration: configuration).kind else { throw missing }
        let client = settings.client(for: configuration)
        let runnable = try RemoteRunnable(name: name, urls: urls, configuration: client)
        return .remote(name: name, try await runnable.remoteModel(timeout: client.timeout))
    }

    /// ``Terminal/reportingErrors(_:)`` for async work.
    static func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        return try Terminal.reportingErrors { try result.get() }
    }
}

/// Carries the HTTP configuration out of the synchronous error-reporting closure.
struct HTTPConfigurationBox {
    var value: HTTPConfiguration
    init(_ value: HTTPConfiguration) { self.value = value }
}
