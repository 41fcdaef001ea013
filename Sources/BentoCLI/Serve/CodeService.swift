import BentoCore
import BentoHTTP
import BentoONNX

/// Serving a service written in Swift (`CLI.main(service:)`): its runners take their
/// `runners.<name>.*` configuration, and those placed `process` or `remote` are called through
/// runner clients instead of their own runnables. A `process` runner runs in a child process of
/// this same executable (`runner serve --name RUNNER`), which builds the service again and hosts
/// that one runner, loading its model itself; this process never loads it.
enum CodeService {
    /// `service` with its runners configured and placed; the supervisors of the child processes
    /// to start go to `supervisors`.
    static func place(
        _ service: BentoService, settings: ServerSettings, children: ChildRunners, supervisors: inout [RunnerSupervisor]
    ) throws -> BentoService {
        var service = service
        for runner in service.runners {
            let (configuration, _) = try settings.runner(runner.name, onnx: .defaults)
            let placement = try settings.placement(of: runner.name, configuration: configuration)
            let urls: [String]
            switch placement.kind {
            case .embedded:
                try reconfigure(runner, configuration, placement: .embedded)
                continue
            case .remote(let remote):
                urls = remote
            case .process(let replicas):
                try checkHostable(runner)
                let plan = try children.plan(configuration, replicas: replicas, runner: runner.name)
                let started = try children.supervisors(
                    runner: runner.name, serveArguments: ["runner", "serve", "--name", runner.name],
                    replicas: plan.replicas, threads: plan.threads, environments: plan.environments
                )
                supervisors += started
                urls = started.map { "unix:\($0.socketPath)" }
            }
            let client = try MethodClients(runner: runner, urls: urls, configuration: settings.client(for: configuration))
            let placed: Placement = if case .remote = placement.kind { placement } else { .process(replicas: urls.count) }
            try reconfigure(runner, configuration, placement: placed, runnable: client)
            service.readinessChecks.append { await client.readinessProblem() }
        }
        return service
    }

    /// The service a runner's own process serves: runner `name` of `service`, embedded, each of
    /// its methods an Open Inference Protocol model (see ``modelName(runner:method:methods:)``),
    /// and no APIs. A method that declares no signature takes the loaded ONNX model's, so the
    /// model is loaded before the server starts.
    static func runnerServer(_ service: BentoService, runner name: String, settings: ServerSettings) async throws -> BentoService {
        guard let runner = service.runners.first(where: { $0.name == name }) else {
            let known = service.runners.map(\.name)
            throw CLIError(
                message: "service '\(service.name)' has no runner '\(name)'; it has \(known.isEmpty ? "none" : known.joined(separator: ", "))"
            )
        }
        let (configuration, _) = try settings.runner(name, onnx: .defaults)
        try reconfigure(runner, configuration, placement: .embedded)
        let methods = runner.declaredMethods
        var signatures: [String: ModelSignature] = [:]
        for method in methods { signatures[method.name] = method.signature }
        let loader = runner.runnable as? LoadingRunnable
        if signatures.count < methods.count {
            try checkHostable(runner)
            await loader?.load()
            if let problem = loader?.readinessProblem { throw CLIError(message: problem) }
            guard let loaded = loader?.loaded as? ONNXRunnable else {
                throw CLIError(message: "runner '\(name)': its methods declare no signature and its model is not an ONNX model; give each RunnerMethod a signature")
            }
            for method in methods where signatures[method.name] == nil { signatures[method.name] = loaded.signature }
        }
        let names = methods.map(\.name)
        let models = methods.map { method in
            let signature = signatures[method.name]!
            return ServedModel(
                name: modelName(runner: name, method: method.name, methods: names),
                version: service.version,
                platform: loader == nil ? "swift" : "onnxruntime",
                inputs: signature.inputs,
                outputs: signature.outputs,
                isReady: { loader.map { $0.status == .ready } ?? true },
                infer: { inputs in try await runner.run(inputs, method: method.name) }
            )
        }
        return BentoService(name: service.name, version: service.version, runners: [runner], models: models)
    }

    /// The Open Inference Protocol model that serves `method` of runner `runner`: the runner's
    /// name when it has one method, else `runner.method`.
    static func modelName(runner: String, method: String, methods: [String]) -> String {
        methods.count == 1 ? runner : "\(runner).\(method)"
    }

    /// Throws unless a child process can serve `runner`: every method needs a signature, or the
    /// runnable must be one that loads a model (whose signature the child then reads).
    static func checkHostable(_ runner: Runner) throws {
        guard !(runner.declaredRunnable is LoadingRunnable) else { return }
        for method in runner.declaredMethods where method.signature == nil {
            throw CLIError(
                message: "runner '\(runner.name)' cannot run in its own process: method '\(method.name)' declares no signature; give it one (RunnerMethod(name:signature:)) or load a stored model (LoadingRunnable.onnx(model:))"
            )
        }
    }

    private static func reconfigure(
        _ runner: Runner, _ configuration: RunnerConfiguration, placement: Placement, runnable: (any Runnable)? = nil
    ) throws {
        do {
            try runner.reconfigure(configuration, placement: placement, runnable: runnable)
        } catch {
            throw CLIError(message: error.message)
        }
    }
}

/// The runner client of a runner out of process: each method goes to its own model on the
/// runner's replicas (see ``CodeService/modelName(runner:method:methods:)``).
struct MethodClients: Runnable {
    let runner: String
    let clients: [String: RemoteRunnable]

    init(runner: Runner, urls: [String], configuration: RemoteRunnable.Configuration) throws {
        let names = runner.declaredMethods.map(\.name)
        var clients: [String: RemoteRunnable] = [:]
        for method in names {
            clients[method] = try RemoteRunnable(
                name: runner.name, model: CodeService.modelName(runner: runner.name, method: method, methods: names),
                urls: urls, configuration: configuration
            )
        }
        self.runner = runner.name
        self.clients = clients
    }

    var workers: Int { clients.values.first?.workers ?? 1 }

    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        guard let client = clients[method] else {
            throw RunnerError(.unknownMethod, "runner '\(runner)' has no method '\(method)'; it has \(clients.keys.sorted().joined(separator: ", "))")
        }
        return try await client.run(inputs, method: method)
    }

    /// `nil` when the replicas are ready (they serve every method of the runner at once).
    func readinessProblem() async -> String? {
        guard let client = clients.values.first else { return nil }
        return await client.readinessProblem()
    }
}
