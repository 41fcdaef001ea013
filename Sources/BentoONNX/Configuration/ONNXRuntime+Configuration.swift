/// How SwiftBento finds ONNX Runtime and runs one model with it.
///
/// Every field has a default; `.defaults` loads the library through the usual search (see
/// ``ONNXRuntime/Configuration/libraryPath``), runs each call on one intra-op and one inter-op
/// thread, and gets its parallelism from up to ``workers`` concurrent calls.
///
/// ```swift
/// var config = ONNXRuntime.Configuration.defaults
/// config.session.executionProviders = [.cuda(deviceID: 0), .cpu]
/// config.workers = 4
/// let runnable = try await ONNXRunnable.load(modelAt: path, configuration: config)
/// ```
extension ONNXRuntime {
    public struct Configuration: Sendable, Hashable {
        /// The ONNX Runtime library to load, a file or the folder holding it. `nil` searches:
        /// `BENTO_ONNXRUNTIME`, then Python's `onnxruntime` package, then the system loader's paths.
        public var libraryPath: String?
        /// Options for the ONNX Runtime session.
        public var session: SessionOptions
        /// How many calls may run at once on the model's session, each on its own thread.
        public var workers: Int
        /// Overrides whether the model's method is batchable; `nil` infers it (every input's first
        /// dimension dynamic).
        public var batchable: Bool?

        /// Creates a configuration; every argument has a default.
        public init(
            libraryPath: String? = nil,
            session: SessionOptions = .defaults,
            workers: Int = ONNXRuntime.Configuration.defaultWorkers,
            batchable: Bool? = nil
        ) {
            self.libraryPath = libraryPath
            self.session = session
            self.workers = max(1, workers)
            self.batchable = batchable
        }

        /// The defaults: library searched for, one thread per call, one worker per core.
        public static var defaults: Configuration { Configuration() }

        /// One worker per core, since each call runs on a single intra-op thread.
        public static var defaultWorkers: Int { max(1, systemCoreCount()) }
    }

    /// Options for one ONNX Runtime session.
    ///
    /// ```swift
    /// let options = ONNXRuntime.SessionOptions(intraOpThreads: 2, graphOptimization: .basic)
    /// ```
    public struct SessionOptions: Sendable, Hashable {
        /// Threads used inside one operator. Default 1: parallelism comes from concurrent runs.
        public var intraOpThreads: Int
        /// Threads used to run independent operators in parallel. Default 1.
        public var interOpThreads: Int
        /// How much ONNX Runtime rewrites the graph when it loads it. Default ``GraphOptimization/all``.
        public var graphOptimization: GraphOptimization
        /// Execution providers in order of preference. CPU is always available and is used for
        /// whatever the others do not take.
        public var executionProviders: [ExecutionProvider]
        /// Whether the CPU provider keeps a memory arena (`EnableCpuMemArena`). An arena never
        /// gives memory back: it keeps the peak of every batch size it has served. Off, the
        /// provider allocates from the C allocator for every run. Default ``defaultMemoryArena``.
        public var memoryArena: Bool
        /// Whether ONNX Runtime plans one block for all of a run's intermediate tensors after
        /// seeing an input shape twice (`EnableMemPattern`). Default `true`.
        public var memoryPattern: Bool
        /// Session configuration entries passed as they are to `AddSessionConfigEntry`, e.g.
        /// `["session.disable_prepacking": "1"]`; ONNX Runtime's
        /// `onnxruntime_session_options_config_keys.h` lists the keys. Default none.
        public var configEntries: [String: String]

        /// Creates options; every argument has a default.
        public init(
            intraOpThreads: Int = 1,
            interOpThreads: Int = 1,
            graphOptimization: GraphOptimization = .all,
            executionProviders: [ExecutionProvider] = [.cpu],
            memoryArena: Bool = SessionOptions.defaultMemoryArena,
            memoryPattern: Bool = true,
            configEntries: [String: String] = [:]
        ) {
            self.intraOpThreads = intraOpThreads
            self.interOpThreads = interOpThreads
            self.graphOptimization = graphOptimization
            self.executionProviders = executionProviders
            self.memoryArena = memoryArena
            self.memoryPattern = memoryPattern
            self.configEntries = configEntries
        }

        /// One intra-op and one inter-op thread, every optimisation, CPU, arena and memory patterns on.
        public static var defaults: SessionOptions { SessionOptions() }

        /// On, as in ONNX Runtime: turning it off did not lower a server's peak RSS in our
        /// measurements (glibc keeps what the runs free in its per-thread arenas instead), and
        /// costs an allocation per tensor per run; `Docs/onnxruntime.md` has the figures.
        public static var defaultMemoryArena: Bool { true }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func systemCoreCount() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
