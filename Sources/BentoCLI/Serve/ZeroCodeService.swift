import Foundation
import BentoCore
import BentoHTTP
import BentoONNX
import Logging

/// Builds the service `bento serve MODEL_TAG…` runs: per stored ONNX model, a runner (batching
/// when the model's signature is batchable) that loads in the background, the model on the Open
/// Inference Protocol endpoints, and `POST /<model>/predict` taking and returning named tensors.
enum ZeroCodeService {
    /// One model to serve: from the local store, or only at a remote runner, described by it.
    enum Source {
        case stored(StoredModel)
        case remote(name: String, RemoteRunnable.RemoteModel)

        var name: String {
            switch self {
            case .stored(let model): model.info.name
            case .remote(let name, _): name
            }
        }
    }

    /// The service for stored models (`bento build` describes one this way).
    static func make(
        models: [StoredModel], settings: ServerSettings, onnx base: ONNXRuntime.Configuration,
        supervisors: inout [RunnerSupervisor]
    ) throws -> BentoService {
        try make(models: models.map(Source.stored), settings: settings, onnx: base, supervisors: &supervisors)
    }

    static func make(
        models: [Source],
        settings: ServerSettings,
        onnx base: ONNXRuntime.Configuration,
        apis withAPIs: Bool = true,
        children: ChildRunners? = nil,
        cores: Int? = nil,
        logger: Logger? = nil,
        supervisors: inout [RunnerSupervisor]
    ) throws -> BentoService {
        var runners: [Runner] = []
        var served: [ServedModel] = []
        var apis: [API] = []
        var readinessChecks: [@Sendable () async -> String?] = []
        let described = try models.map(describe)
        let serviceName = described.count == 1 ? described[0].name : "bento-models"
        let version = described.count == 1 ? described[0].version : "dev"
        for info in described {
            let signature = info.signature
            let (runnerConfiguration, onnx) = try settings.runner(info.name, onnx: base, cores: cores)
            // A runner server always hosts its model itself.
            let placement = withAPIs ? try settings.placement(of: info.name, configuration: runnerConfiguration) : .embedded
            let runnable: any Runnable
            let isReady: @Sendable () async -> Bool
            switch placement.kind {
            case .embedded:
                logger?.info(
                    "runner '\(info.name)': ONNX Runtime workers \(onnx.workers), intra-op threads \(onnx.session.intraOpThreads)"
                )
                guard let path = info.path else {
                    throw CLIError(message: "model \(info.tag) is not in the local store; only a remote runner can serve it")
                }
                let loader = LoadingRunnable(name: info.name, workers: onnx.workers) {
                    try await ONNXRunnable.load(modelAt: path, configuration: onnx)
                }
                runnable = loader
                isReady = { loader.status == .ready }
            case .remote(let urls):
                let client = try RemoteRunnable(
                    name: info.name, urls: urls,
                    configuration: settings.client(for: runnerConfiguration)
                )
                runnable = client
                isReady = { await client.readinessProblem() == nil }
                readinessChecks.append { await client.readinessProblem() }
            case .process(let replicas):
                guard let children else {
                    throw CLIError(message: "runner '\(info.name)': placement process needs the bento executable")
                }
                let plan = try children.plan(runnerConfiguration, replicas: replicas, runner: info.name)
                let started = try children.supervisors(
                    runner: info.name, serveArguments: ["runner", "serve", info.tag],
                    replicas: plan.replicas, threads: plan.threads, environments: plan.environments
                )
                supervisors += started
                let client = try RemoteRunnable(
                    name: info.name, urls: started.map { "unix:\($0.socketPath)" },
                    configuration: settings.client(for: runnerConfiguration)
                )
                runnable = client
                isReady = { await client.readinessProblem() == nil }
                readinessChecks.append { await client.readinessProblem() }
            }
            let runner: Runner
            do {
                runner = try Runner(
                    name: info.name,
                    runnable: runnable,
                    methods: [RunnerMethod(name: ONNXRunnable.method, signature: signature)],
                    workers: onnx.workers,
                    placement: placement,
                    configuration: runnerConfiguration,
                    metricDimensions: [("service_name", serviceName), ("service_version", version)]
                )
            } catch {
                throw CLIError(message: error.message)
            }
            runners.append(runner)
            served.append(
                ServedModel(
                    name: info.name,
                    version: info.version,
                    platform: "onnxruntime",
                    inputs: signature.inputs,
                    outputs: signature.outputs,
                    isReady: isReady,
                    infer: { inputs in try await runner.run(inputs, method: ONNXRunnable.method) }
                )
            )
            guard withAPIs else { continue }
            apis.append(
                API(
                    "\(info.name)/predict",
                    summary: "Run \(info.tag) on named tensors",
                    input: .tensors(signature.inputs),
                    output: .tensors(signature.outputs)
                ) { inputs, _ in
                    try await runner.run(inputs, method: ONNXRunnable.method)
                }
            )
        }
        var service = BentoService(name: serviceName, version: version, runners: runners, models: served) { apis }
        service.readinessChecks += readinessChecks
        return service
    }

    /// What serving one model needs to know of it.
    private struct Described {
        var name: String
        var version: String
        var tag: String
        var signature: ModelSignature
        /// The `.onnx` file, for a model in the local store.
        var path: String?
    }

    private static func describe(_ source: Source) throws -> Described {
        switch source {
        case .remote(let name, let remote):
            return Described(name: name, version: remote.version ?? "1", tag: name, signature: remote.signature, path: nil)
        case .stored(let model):
            let info = model.info
            guard info.framework == "onnx" else {
                throw CLIError(message: "model \(info.tag) is a '\(info.framework)' model; `bento serve` serves ONNX models (framework onnx)")
            }
            guard let file = info.files.first(where: { $0.path.hasSuffix(".onnx") }) else {
                throw CLIError(message: "model \(info.tag) has no .onnx file")
            }
            guard let signature = info.signatures["run"] ?? info.signatures.values.first else {
                throw CLIError(
                    message: "model \(info.tag) has no recorded signature; re-import it with ONNX Runtime installed (`pip install onnxruntime`)"
                )
            }
            return Described(
                name: info.name, version: info.version, tag: info.tag.description, signature: signature,
                path: model.path(of: file.path)
            )
        }
    }
}
