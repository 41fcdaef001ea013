/// What a runner asks for: CPU cores and GPUs, as in BentoML's `resources` setting.
///
/// ```yaml
/// runners:
///   iris:
///     resources: {cpu: 4}          # or {nvidia.com/gpu: 2}, or {nvidia.com/gpu: [0, 2]}
///     workers_per_resource: 2
/// ```
public struct RunnerResources: Sendable, Hashable {
    /// Which GPUs a runner takes.
    public enum GPUs: Sendable, Hashable {
        /// This many, the first ones available.
        case count(Int)
        /// These device ids.
        case ids([String])
    }

    /// CPU cores (fractions allowed); `nil` for every core of the machine.
    public var cpu: Double?
    /// GPUs; `nil` for none.
    public var gpus: GPUs?

    /// Creates a request.
    public init(cpu: Double? = nil, gpus: GPUs? = nil) {
        self.cpu = cpu
        self.gpus = gpus
    }
}

/// One replica that ``ResourceScheduler`` planned: its index and the environment it runs with.
public struct ReplicaPlan: Sendable, Hashable {
    /// The replica's index, from 0.
    public var index: Int
    /// The threads it should use for math libraries.
    public var threads: Int
    /// Variables to set in its process: `CUDA_VISIBLE_DEVICES` and the thread-count variables.
    public var environment: [String: String]
}

/// Turns a runner's resources and workers-per-resource into replicas and their environments,
/// as BentoML's default strategy does.
///
/// - GPUs: one replica per GPU per `workersPerResource`, each seeing only its GPU through
///   `CUDA_VISIBLE_DEVICES`.
/// - CPUs, multi-threaded runnable (ONNX Runtime): `workersPerResource` replicas sharing the
///   cores, each told its share of threads.
/// - CPUs, single-threaded runnable: one replica per core per `workersPerResource`, one thread each.
///
/// CPU replicas get `CUDA_VISIBLE_DEVICES=""`, so they never take a GPU by accident.
///
/// ```swift
/// let plans = try ResourceScheduler.plan(RunnerResources(gpus: .count(2)), workersPerResource: 1,
///                                        availableCPUs: 16, availableGPUs: ["0", "1", "2"])
/// plans.map { $0.environment["CUDA_VISIBLE_DEVICES"] }   // ["0", "1"]
/// ```
public enum ResourceScheduler {
    /// The variables math libraries read for their thread counts.
    public static let threadVariables = [
        "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
        "NUMEXPR_NUM_THREADS", "RAYON_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
    ]

    /// Plans the replicas of runner `runner`.
    ///
    /// - Throws: ``RunnerError/Code/invalidConfiguration`` naming the setting at fault: a CPU count
    ///   that is not positive, more GPUs than the machine has, an unknown GPU id, a
    ///   `workersPerResource` under 1.
    public static func plan(
        _ resources: RunnerResources,
        workersPerResource: Int = 1,
        multithreaded: Bool = true,
        availableCPUs: Int,
        availableGPUs: [String] = [],
        runner: String = "runner"
    ) throws(RunnerError) -> [ReplicaPlan] {
        guard workersPerResource >= 1 else {
            throw RunnerError(.invalidConfiguration, "runners.\(runner).workers_per_resource must be at least 1, got \(workersPerResource)")
        }
        if let cpu = resources.cpu, !(cpu > 0) {
            throw RunnerError(.invalidConfiguration, "runners.\(runner).resources.cpu must be positive, got \(cpu)")
        }
        let cpu = resources.cpu ?? Double(max(1, availableCPUs))
        if let gpus = resources.gpus {
            let ids = try gpuIDs(gpus, available: availableGPUs, runner: runner)
            let replicas = ids.count * workersPerResource
            let threads = max(1, Int(cpu / Double(replicas)))
            return (0..<replicas).map { index in
                var environment = threadEnvironment(threads)
                environment["CUDA_VISIBLE_DEVICES"] = ids[index / workersPerResource]
                return ReplicaPlan(index: index, threads: threads, environment: environment)
            }
        }
        let replicas = multithreaded ? workersPerResource : Int(cpu.rounded(.up)) * workersPerResource
        let threads = multithreaded ? max(1, Int(cpu) / replicas) : 1
        return (0..<replicas).map { index in
            var environment = threadEnvironment(threads)
            environment["CUDA_VISIBLE_DEVICES"] = ""
            return ReplicaPlan(index: index, threads: threads, environment: environment)
        }
    }

    private static func gpuIDs(_ gpus: RunnerResources.GPUs, available: [String], runner: String) throws(RunnerError) -> [String] {
        let key = "runners.\(runner).resources.nvidia.com/gpu"
        switch gpus {
        case .count(let count):
            guard count >= 1 else { throw RunnerError(.invalidConfiguration, "\(key) must be at least 1, got \(count)") }
            guard count <= available.count else {
                throw RunnerError(
                    .invalidConfiguration,
                    "\(key) asks for \(count) GPUs but this machine has \(available.count)\(available.isEmpty ? "" : " (\(available.joined(separator: ", ")))")"
                )
            }
            return Array(available.prefix(count))
        case .ids(let ids):
            guard !ids.isEmpty else { throw RunnerError(.invalidConfiguration, "\(key) is an empty list") }
            for id in ids where !available.contains(id) {
                throw RunnerError(
                    .invalidConfiguration,
                    "\(key) names GPU '\(id)', which this machine does not have; it has \(available.isEmpty ? "none" : available.joined(separator: ", "))"
                )
            }
            return ids
        }
    }

    private static func threadEnvironment(_ threads: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: threadVariables.map { ($0, String(threads)) })
    }
}
