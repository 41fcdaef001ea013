import BentoCore
import BentoHTTP
import BentoONNX

/// Everything `bento serve` reads from configuration, with the keys it understands.
///
/// | key | meaning | default |
/// | --- | --- | --- |
/// | `api_server.http.host`, `api_server.http.port` | where to listen | `0.0.0.0`, 3000 |
/// | `api_server.http.max_request_size` | largest body in bytes (413 above) | 20 MiB |
/// | `api_server.http.cors.enabled`, `api_server.http.cors.access_control_allow_origins` | opt-in CORS | off |
/// | `api_server.http.auth.bearer_token` | opt-in token for API and model routes | none |
/// | `api_server.traffic.timeout` | seconds before 504 | 60 |
/// | `api_server.traffic.max_concurrency` | requests at once before 429 | unlimited |
/// | `api_server.graceful_shutdown_timeout` | seconds in-flight requests get after SIGTERM | 30 |
/// | `api_server.logging.access.enabled` | one log line per request | true |
/// | `runners[.<name>].batching.enabled / max_batch_size / max_latency_ms`, `runners[.<name>].workers` | see ``RunnerConfiguration`` | |
/// | `runners[.<name>].placement / replicas / urls / timeout / max_outstanding_requests / split_threshold` | see ``RunnerConfiguration`` | embedded |
/// | `runners[.<name>].onnx.intra_op_threads / inter_op_threads / graph_optimization / providers / library` | ONNX Runtime sessions | 1, 1, all, cpu |
/// | `runners[.<name>].onnx.memory_arena / memory_pattern`, `runners[.<name>].onnx.session_config.<ORT key>` | ONNX Runtime memory, raw session entries | true, true, none |
struct ServerSettings {
    var http = HTTPConfiguration.defaults
    /// Overrides for every runner, as dotted keys (validated per runner when it is built).
    var runnerKeys: [String: String] = [:]
    var source: ConfigurationSource
    /// `bento serve --runners embedded|process`: every runner's placement, over configuration.
    var placementOverride: String?

    init(source: ConfigurationSource) throws {
        var source = source
        if let host = source.string("api_server.http.host") { http.host = host }
        if let port = try source.int("api_server.http.port", minimum: 0) { http.port = port }
        if let size = try source.int("api_server.http.max_request_size", minimum: 1) { http.traffic.maxBodySize = size }
        if try source.bool("api_server.http.cors.enabled") == true {
            http.security.corsAllowedOrigins = source.list("api_server.http.cors.access_control_allow_origins") ?? ["*"]
        } else {
            _ = source.list("api_server.http.cors.access_control_allow_origins")
        }
        if let token = source.string("api_server.http.auth.bearer_token"), !token.isEmpty {
            http.security.bearerToken = token
        }
        if let timeout = try source.double("api_server.traffic.timeout", minimum: 0) {
            http.traffic.timeout = timeout == 0 ? nil : .milliseconds(Int(timeout * 1000))
        }
        if let limit = try source.int("api_server.traffic.max_concurrency", minimum: 0) {
            http.traffic.maxConcurrency = limit == 0 ? nil : limit
        }
        if let grace = try source.double("api_server.graceful_shutdown_timeout", minimum: 0) {
            http.traffic.gracefulShutdownTimeout = .milliseconds(Int(grace * 1000))
        }
        if let access = try source.bool("api_server.logging.access.enabled") { http.behaviour.accessLog = access }
        for key in source.keys(under: "runners") { runnerKeys["runners." + key] = source.values["runners." + key] }
        source.markUsed(under: "runners")
        try source.checkAllUsed()
        self.source = source
    }

    /// Throws when configuration names a runner the service does not have (a typo would
    /// otherwise be ignored).
    func checkRunnerNames(_ names: [String]) throws {
        for key in runnerKeys.keys.sorted() {
            let field = key.dropFirst("runners.".count)
            if RunnerConfiguration.keys.contains(String(field)) || field.hasPrefix("onnx.") { continue }
            let name = String(field.prefix { $0 != "." })
            guard names.contains(name) else {
                let known = names.isEmpty ? "it has none" : "it has \(names.joined(separator: ", "))"
                throw ConfigurationError("configuration key '\(key)' is for runner '\(name)', which this service does not have; \(known)", keys: [key])
            }
        }
    }

    /// The runner configuration for `name`, and its ONNX Runtime settings.
    ///
    /// A runner with cores of its own, `cores` (a replica's share, given by its supervisor) or
    /// else `resources.cpu`, gets its ONNX workers and intra-op threads fitted to them (see
    /// ``ONNXRuntime/Configuration/fitted(toCores:keepingWorkers:keepingIntraOpThreads:)``);
    /// `workers` and `onnx.intra_op_threads` set in configuration stay as they are.
    func runner(
        _ name: String, onnx base: ONNXRuntime.Configuration, cores: Int? = nil
    ) throws -> (RunnerConfiguration, ONNXRuntime.Configuration) {
        var onnx = base
        var rest: [String: String] = [:]
        var threadsSet = false
        for (key, value) in runnerKeys {
            let field: String
            if key.hasPrefix("runners.\(name).onnx.") {
                field = String(key.dropFirst("runners.\(name).onnx.".count))
            } else if key.hasPrefix("runners.onnx.") {
                field = String(key.dropFirst("runners.onnx.".count))
            } else {
                rest[key] = value
                continue
            }
            switch field {
            case "intra_op_threads":
                onnx.session.intraOpThreads = try positive(value, key)
                threadsSet = true
            case "inter_op_threads": onnx.session.interOpThreads = try positive(value, key)
            case "graph_optimization":
                guard let level = ONNXRuntime.GraphOptimization(name: value) else {
                    throw ConfigurationError("\(key) must be disabled, basic, extended or all, got '\(value)'", keys: [key])
                }
                onnx.session.graphOptimization = level
            case "providers":
                onnx.session.executionProviders = try value.split(separator: ",").map { name in
                    guard let provider = ONNXRuntime.ExecutionProvider(name: String(name)) else {
                        throw ConfigurationError("\(key): unknown execution provider '\(name)'; use cpu, cuda or cuda:N", keys: [key])
                    }
                    return provider
                }
            case "library": onnx.libraryPath = value
            case "memory_arena": onnx.session.memoryArena = try boolean(value, key)
            case "memory_pattern": onnx.session.memoryPattern = try boolean(value, key)
            case _ where field.hasPrefix("session_config.") && field.count > "session_config.".count:
                onnx.session.configEntries[String(field.dropFirst("session_config.".count))] = value
            default:
                throw ConfigurationError(
                    "unknown configuration key '\(key)'; ONNX keys are intra_op_threads, inter_op_threads, graph_optimization, providers, library, "
                        + "memory_arena, memory_pattern, session_config.<key>",
                    keys: [key]
                )
            }
        }
        var runner = RunnerConfiguration()
        try runner.apply(overrides: rest, runner: name)
        if let workers = runner.workers { onnx.workers = workers }
        if let cores = cores ?? runner.distribution.resources?.cpu.map({ max(1, Int($0)) }) {
            onnx = onnx.fitted(toCores: cores, keepingWorkers: runner.workers != nil, keepingIntraOpThreads: threadsSet)
        }
        return (runner, onnx)
    }

    /// Where runner `name` runs: `--runners` first, then its configuration, else embedded.
    func placement(of name: String, configuration: RunnerConfiguration) throws -> Placement {
        var configuration = configuration
        if let placementOverride {
            configuration.distribution.placement = placementOverride
            if placementOverride != "remote" { configuration.distribution.urls = nil }
        }
        do {
            return try configuration.placement(default: .embedded, runner: name)
        } catch {
            throw CLIError(message: error.message)
        }
    }

    /// The runner client's settings for a runner out of process.
    func client(for configuration: RunnerConfiguration) -> RemoteRunnable.Configuration {
        var client = RemoteRunnable.Configuration()
        client.timeout = configuration.distribution.timeout ?? http.traffic.timeout ?? .seconds(60)
        if let limit = configuration.distribution.maxOutstandingRequests { client.maxOutstandingPerReplica = limit }
        client.splitThreshold = configuration.distribution.splitThreshold
        return client
    }

    private func boolean(_ text: String, _ key: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigurationError("\(key) must be true or false, got '\(text)'", keys: [key])
        }
    }

    private func positive(_ text: String, _ key: String) throws -> Int {
        guard let value = Int(text), value >= 1 else {
            throw ConfigurationError("\(key) must be an integer of at least 1, got '\(text)'", keys: [key])
        }
        return value
    }
}
