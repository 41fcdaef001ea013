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

    /// Batching settings.
    public var batching: Batching
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
    public static let keys = ["batching.enabled", "batching.max_batch_size", "batching.max_latency_ms", "workers"]

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
