/// Settings for one runner that configuration may override, with BentoML's key tree.
///
/// Every field is optional: `nil` keeps what the code says. Overrides come from a flat
/// key/value map (the YAML loader and `BENTO_CONFIG_OPTIONS` produce one):
///
/// | key | field |
/// | --- | --- |
/// | `runners.batching.enabled`, `runners.<name>.batching.enabled` | ``Batching/enabled`` |
/// | `runners.batching.max_batch_size`, `runners.<name>.batching.max_batch_size` | ``Batching/maxBatchSize`` |
/// | `runners.batching.max_latency_ms`, `runners.<name>.batching.max_latency_ms` | ``Batching/maxLatency`` |
/// | `runners.workers`, `runners.<name>.workers` | ``workers`` |
/// | `runners[.<name>].placement` | ``Distribution/placement``: `embedded`, `process` or `remote` |
/// | `runners[.<name>].replicas` | ``Distribution/replicas`` (child processes for `process`) |
/// | `runners[.<name>].urls` | ``Distribution/urls`` (comma-separated, or a YAML list; implies `remote`) |
/// | `runners[.<name>].timeout` | ``Distribution/timeout``, seconds per call to a runner out of process |
/// | `runners[.<name>].max_outstanding_requests` | ``Distribution/maxOutstandingRequests`` per replica |
/// | `runners[.<name>].split_threshold` | ``Distribution/splitThreshold``, rows above which a call is split |
/// | `runners[.<name>].resources.cpu`, `….resources.nvidia.com/gpu` | ``Distribution/resources`` (GPU: a count, or a list of ids) |
/// | `runners[.<name>].workers_per_resource` | ``Distribution/workersPerResource`` |
///
/// Keys for all runners apply first, then the runner's own. Keys under `runners.<name>.` that
/// are not listed are an error; keys of other runners are ignored.
///
/// ```swift
/// var config = RunnerConfiguration()
/// try config.apply(overrides: ["runners.iris.batching.max_batch_size": "32"], runner: "iris")
/// let runner = try Runner(name: "iris", runnable: model, methods: methods, configuration: config)
/// ```
public struct RunnerConfiguration: Sendable, Hashable {
    /// Batching settings, applied to every batchable method of the runner.
    public struct Batching: Sendable, Hashable {
        /// The rows one batch may hold when neither code nor configuration says: 100, as BentoML.
        public static let defaultMaxBatchSize = 100
        /// The latency target when neither code nor configuration says: 1000 ms.
        ///
        /// In SwiftBento `max_latency` is a shedding bound, not a wait: the batcher never holds a
        /// request for company longer than one batch's fixed cost, so a generous target costs
        /// nothing at low load (measured: +0.1% p50 at one caller). It must not shed healthy
        /// traffic for models of transformer size. Measured with `scripts/bench/batching` on the
        /// 2-core development machine, a MiniLM-sized simulated runnable (1.9 ms + 3.5 ms per row,
        /// all-MiniLM-L6-v2 at sequence length 32) under 32 closed-loop callers had p99 ≈ 120 ms
        /// and shed nothing at 300 ms or 1000 ms, while a 100 ms target shed about one request
        /// for every two it answered. One second leaves 8× headroom over that p99, for bigger
        /// models and slower machines, and still answers 503 long before a client's usual timeout
        /// when the server is really overloaded. Lower it for small models: the simulated
        /// 2 ms + 0.05 ms/row runnable had p99 ≈ 12 ms under 64 callers.
        public static let defaultMaxLatency = Duration.milliseconds(1000)

        /// Whether batchable methods batch at all; `false` sends every call straight through.
        public var enabled: Bool?
        /// The most rows per batch.
        public var maxBatchSize: Int?
        /// The latency target.
        public var maxLatency: Duration?

        /// Creates batching settings; `nil` keeps the code's value.
        public init(enabled: Bool? = nil, maxBatchSize: Int? = nil, maxLatency: Duration? = nil) {
            self.enabled = enabled
            self.maxBatchSize = maxBatchSize
            self.maxLatency = maxLatency
        }
    }

    /// Where the runner runs and how its client calls it when that is out of process.
    public struct Distribution: Sendable, Hashable {
        /// The placement's name: `embedded`, `process` or `remote`.
        public var placement: String?
        /// How many replicas (child processes for `process`).
        public var replicas: Int?
        /// The replicas' URLs for `remote` (`http://host:port` or `unix:/path`).
        public var urls: [String]?
        /// The longest one call to the runner may take.
        public var timeout: Duration?
        /// Calls in flight per replica before more are refused as overloaded.
        public var maxOutstandingRequests: Int?
        /// Rows above which a call is split across the replicas.
        public var splitThreshold: Int?
        /// CPUs and GPUs the runner takes; with `process` they decide the replicas and their
        /// environments (see ``ResourceScheduler``).
        public var resources: RunnerResources?
        /// Replicas per GPU, or per CPU share (BentoML's `workers_per_resource`).
        public var workersPerResource: Int?

        /// Creates settings that override nothing.
        public init() {}
    }

    /// Batching settings.
    public var batching: Batching
    /// Placement, replicas and client settings.
    public var distribution = Distribution()
    /// How many calls the runnable may run at once; `nil` keeps the runner's (or the runnable's).
    public var workers: Int?

    /// Creates a configuration that overrides nothing.
    public init(batching: Batching = Batching(), workers: Int? = nil) {
        self.batching = batching
        self.workers = workers
    }

    /// A configuration that overrides nothing.
    public static var defaults: RunnerConfiguration { RunnerConfiguration() }

    /// The keys understood below `runners.` and `runners.<name>.`.
    public static let keys = [
        "batching.enabled", "batching.max_batch_size", "batching.max_latency_ms", "workers",
        "placement", "replicas", "urls", "timeout", "max_outstanding_requests", "split_threshold",
        "resources.cpu", "resources.nvidia.com/gpu", "workers_per_resource",
    ]

    /// Applies the overrides for runner `name` from a flat map of dotted keys to values.
    ///
    /// - Throws: ``RunnerError/Code/invalidConfiguration`` naming every unknown key under
    ///   `runners.<name>.`, or a value that does not parse.
    public mutating func apply(overrides: [String: String], runner name: String) throws(RunnerError) {
        var unknown: [String] = []
        for prefix in ["runners.", "runners.\(name)."] {
            for (key, value) in overrides.sorted(by: { $0.key < $1.key }) where key.hasPrefix(prefix) {
                let field = String(key.dropFirst(prefix.count))
                if prefix == "runners." && !Self.keys.contains(field) { continue }  // another runner's key
                switch field {
                case "batching.enabled": batching.enabled = try Self.parseBool(value, key: key)
                case "batching.max_batch_size": batching.maxBatchSize = try Self.parseInt(value, key: key, minimum: 1)
                case "batching.max_latency_ms":
                    batching.maxLatency = .milliseconds(try Self.parseInt(value, key: key, minimum: 1))
                case "workers": workers = try Self.parseInt(value, key: key, minimum: 1)
                case "placement":
                    guard ["embedded", "process", "remote"].contains(value) else {
                        throw RunnerError(.invalidConfiguration, "\(key) must be embedded, process or remote, got '\(value)'")
                    }
                    distribution.placement = value
                case "replicas": distribution.replicas = try Self.parseInt(value, key: key, minimum: 1)
                case "urls":
                    distribution.urls = value.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }
                        .filter { !$0.isEmpty }
                case "timeout":
                    guard let seconds = Double(value), seconds > 0 else {
                        throw RunnerError(.invalidConfiguration, "\(key) must be a positive number of seconds, got '\(value)'")
                    }
                    distribution.timeout = .milliseconds(Int(seconds * 1000))
                case "max_outstanding_requests":
                    distribution.maxOutstandingRequests = try Self.parseInt(value, key: key, minimum: 1)
                case "split_threshold": distribution.splitThreshold = try Self.parseInt(value, key: key, minimum: 1)
                case "resources.cpu":
                    guard let cpu = Double(value), cpu > 0 else {
                        throw RunnerError(.invalidConfiguration, "\(key) must be a positive number of cores, got '\(value)'")
                    }
                    distribution.resources = RunnerResources(cpu: cpu, gpus: distribution.resources?.gpus)
                case "resources.nvidia.com/gpu":
                    // A YAML list arrives comma-separated; a lone number is a count, as in BentoML.
                    let gpus: RunnerResources.GPUs
                    if !value.contains(","), let count = Int(value) {
                        gpus = .count(count)
                    } else {
                        gpus = .ids(value.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) })
                    }
                    distribution.resources = RunnerResources(cpu: distribution.resources?.cpu, gpus: gpus)
                case "workers_per_resource":
                    distribution.workersPerResource = try Self.parseInt(value, key: key, minimum: 1)
                default: unknown.append(key)
                }
            }
        }
        guard unknown.isEmpty else {
            throw RunnerError(
                .invalidConfiguration,
                "unknown configuration keys for runner '\(name)': \(unknown.joined(separator: ", ")); known keys are runners.\(name).\(Self.keys.joined(separator: ", runners.\(name)."))"
            )
        }
    }

    /// This configuration with every field that `other` sets taken from `other` (configuration
    /// files over what code passed).
    package func overridden(by other: RunnerConfiguration) -> RunnerConfiguration {
        var result = self
        result.batching.enabled = other.batching.enabled ?? batching.enabled
        result.batching.maxBatchSize = other.batching.maxBatchSize ?? batching.maxBatchSize
        result.batching.maxLatency = other.batching.maxLatency ?? batching.maxLatency
        result.workers = other.workers ?? workers
        let mine = distribution, theirs = other.distribution
        result.distribution.placement = theirs.placement ?? mine.placement
        result.distribution.replicas = theirs.replicas ?? mine.replicas
        result.distribution.urls = theirs.urls ?? mine.urls
        result.distribution.timeout = theirs.timeout ?? mine.timeout
        result.distribution.maxOutstandingRequests = theirs.maxOutstandingRequests ?? mine.maxOutstandingRequests
        result.distribution.splitThreshold = theirs.splitThreshold ?? mine.splitThreshold
        result.distribution.resources = theirs.resources ?? mine.resources
        result.distribution.workersPerResource = theirs.workersPerResource ?? mine.workersPerResource
        return result
    }

    /// The placement configuration asks for, or `base` when it says nothing.
    ///
    /// - Throws: ``RunnerError/Code/invalidConfiguration`` for `remote` without URLs, or URLs
    ///   with another placement.
    public func placement(default base: Placement, runner name: String) throws(RunnerError) -> Placement {
        let urls = distribution.urls ?? []
        switch distribution.placement ?? (urls.isEmpty ? nil : "remote") {
        case nil:
            if let replicas = distribution.replicas, case .process = base.kind { return .process(replicas: replicas) }
            return base
        case "embedded"?:
            guard urls.isEmpty else {
                throw RunnerError(.invalidConfiguration, "runners.\(name).urls is set but runners.\(name).placement is embedded")
            }
            return .embedded
        case "process"?:
            guard urls.isEmpty else {
                throw RunnerError(.invalidConfiguration, "runners.\(name).urls is set but runners.\(name).placement is process")
            }
            return .process(replicas: distribution.replicas ?? base.replicas)
        default:
            guard !urls.isEmpty else {
                throw RunnerError(.invalidConfiguration, "runner '\(name)' is remote but has no runners.\(name).urls")
            }
            return .remote(urls: urls)
        }
    }

    private static func parseBool(_ text: String, key: String) throws(RunnerError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw RunnerError(.invalidConfiguration, "\(key) must be true or false, got '\(text)'")
        }
    }

    private static func parseInt(_ text: String, key: String, minimum: Int) throws(RunnerError) -> Int {
        guard let value = Int(text.filter { $0 != " " }), value >= minimum else {
            throw RunnerError(.invalidConfiguration, "\(key) must be an integer of at least \(minimum), got '\(text)'")
        }
        return value
    }
}
