/// A SwiftBento service: a name, the APIs it serves, the models it exposes on the Open Inference
/// Protocol, and hooks that run when it starts and stops. This is what `bento serve` runs.
///
/// ```swift
/// let service = BentoService(name: "greeter", runners: []) {
///     API("hello", input: .text, output: .text) { name, _ in "Hello, \(name)!" }
/// }
/// await CLI.main(service: service)
/// ```
public struct BentoService: Sendable {
    /// The service's name (`service_name` in metrics).
    public var name: String
    /// The service's version (`service_version` in metrics); the bento's version when built.
    public var version: String
    /// The APIs, each on its own route.
    public var apis: [API]
    /// The runners the APIs call; the server runs their batchers for as long as it serves.
    public var runners: [Runner]
    /// The models served under `/v2/models/…`.
    public var models: [ServedModel]
    /// Runs before the server accepts traffic (load models, warm caches). A throw aborts startup.
    public var onStartup: [@Sendable () async throws -> Void] = []
    /// Runs after the server stops accepting traffic.
    public var onShutdown: [@Sendable () async -> Void] = []
    /// Extra readiness checks (runner reachability, …): each returns a problem or `nil`.
    public var readinessChecks: [@Sendable () async -> String?] = []

    /// Creates a service.
    public init(
        name: String,
        version: String = "dev",
        runners: [Runner] = [],
        models: [ServedModel] = [],
        @APIBuilder apis: () -> [API] = { [] }
    ) {
        self.name = name
        self.version = version
        self.runners = runners
        self.models = models
        self.apis = apis()
    }

    /// Throws when two APIs share a name or route, or a route is not a plain path.
    public func validate() throws {
        var names = Set<String>()
        var routes = Set<String>()
        var runnerNames = Set<String>()
        for runner in runners where !runnerNames.insert(runner.name).inserted {
            throw ServiceError(.internalError, "service '\(name)' has two runners named '\(runner.name)'")
        }
        for api in apis {
            guard names.insert(api.name).inserted else {
                throw ServiceError(.internalError, "service '\(name)' has two APIs named '\(api.name)'")
            }
            guard routes.insert(api.route).inserted else {
                throw ServiceError(.internalError, "service '\(name)' has two APIs on route '\(api.route)'")
            }
            let allowed = api.route.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/_-.".unicodeScalars.contains($0)
            }
            guard allowed, !api.route.contains("//") else {
                throw ServiceError(.internalError, "API '\(api.name)' has route '\(api.route)'; use letters, digits and / _ - .")
            }
        }
    }

    /// The runners' backends that load in the background; the server starts their loads and
    /// `/readyz` waits for them.
    public var loadingRunnables: [LoadingRunnable] {
        runners.compactMap { $0.runnable as? LoadingRunnable }
    }

    /// The model served under `name`.
    public func model(named name: String) -> ServedModel? { models.first { $0.name == name } }

    /// Whether every model is ready and every readiness check passes, with the reasons when not.
    public func readiness() async -> ReadinessReport {
        var problems: [String] = []
        for loader in loadingRunnables {
            if let problem = loader.readinessProblem { problems.append(problem) }
        }
        for model in models where await !model.isReady() {
            problems.append("model '\(model.name)' is not ready")
        }
        for check in readinessChecks {
            if let problem = await check() { problems.append(problem) }
        }
        return ReadinessReport(problems: problems)
    }
}

/// Whether a service can take traffic, and if not, why.
public struct ReadinessReport: Sendable, Hashable {
    /// One line per thing that is not ready.
    public var problems: [String]
    /// True when nothing is wrong.
    public var isReady: Bool { problems.isEmpty }
    /// Creates a report.
    public init(problems: [String]) { self.problems = problems }
}
