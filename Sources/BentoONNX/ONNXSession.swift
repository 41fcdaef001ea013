public import BentoCore
import Foundation
import Synchronization

/// One ONNX Runtime session over a model file: its signature, and a blocking ``run(_:)``.
///
/// Most code wants ``ONNXRunnable``, which runs calls on a dedicated thread pool behind an async
/// API. `ONNXSession` is the synchronous layer under it: ``run(_:)`` blocks the calling thread for
/// the whole model run, so never call it from the cooperative pool or a NIO event loop. ONNX
/// Runtime allows concurrent runs on one session, so one session may be shared by many threads.
///
/// Non-tensor outputs: a sequence of maps (scikit-learn's ZipMap, `seq(map(int64, float))`)
/// becomes a `[N, K]` tensor of the map values, one row per sequence element, columns in ascending
/// key order; ``mapKeys(forOutput:)`` gives the keys (the class labels) seen in the latest run.
///
/// ```swift
/// let session = try ONNXSession(modelAt: "iris.onnx")
/// print(session.signature.inputs)            // [float_input: float32 [-1, 4]]
/// let out = try session.run(["float_input": try Tensor(rows, shape: [1, 4])])
/// ```
public final class ONNXSession: @unchecked Sendable {
    // `@unchecked Sendable`: every stored property is immutable after `init` except `keys`, which
    // is a `Mutex`; the `OrtSession` pointer is used only through `Run`, which ONNX Runtime
    // documents as safe to call concurrently, and is released once, in `deinit`.

    /// The model's one method, `run`: inputs, outputs and whether it batches.
    public let signature: ModelSignature
    /// The model file the session was created from.
    public let modelPath: String
    /// The version of the ONNX Runtime library running the model (e.g. `1.32.0`).
    public var runtimeVersion: String { library.version }
    /// The file the ONNX Runtime library was loaded from.
    public var runtimePath: String { library.path }

    let library: OrtLibrary
    let session: OpaquePointer
    let outputKinds: [OrtValueKind]
    let inputIndex: [String: Int]
    let inputNames: [UnsafeMutablePointer<CChar>]
    let outputNames: [UnsafeMutablePointer<CChar>]
    let keys = Mutex<[String: Tensor]>([:])

    /// Creates a session over the model at `path`, loading ONNX Runtime at first use.
    ///
    /// - Throws: ``ONNXError`` when the library cannot be found or loaded, when a configured
    ///   provider is not offered, when ONNX Runtime rejects the file (missing, truncated, invalid),
    ///   or when an input or output has a type that does not convert to a tensor.
    public init(modelAt path: String, configuration: ONNXRuntime.Configuration = .defaults) throws {
        let library = try OrtLibrary.shared(explicitPath: configuration.libraryPath)
        self.library = library
        modelPath = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ONNXError(.sessionCreationFailed, "model file \(path) does not exist")
        }
        session = try library.createSession(path: path, options: configuration.session)
        do {
            let api = library.api
            let inputs = try library.describeAll(
                session, role: "input", count: api.sessionGetInputCount,
                name: api.sessionGetInputName, type: api.sessionGetInputTypeInfo)
            let outputs = try library.describeAll(
                session, role: "output", count: api.sessionGetOutputCount,
                name: api.sessionGetOutputName, type: api.sessionGetOutputTypeInfo)
            if let bad = inputs.first(where: { $0.1 != .tensor }) {
                throw ONNXError(
                    .unsupportedType, "input '\(bad.0.name)' is not a tensor; SwiftBento feeds tensor inputs only")
            }
            var signature = ModelSignature(inputs: inputs.map(\.0), outputs: outputs.map(\.0))
            signature.batchable = configuration.batchable ?? signature.inputsHaveDynamicBatchDim
            self.signature = signature
            outputKinds = outputs.map(\.1)
            inputIndex = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($0.element.0.name, $0.offset) })
            inputNames = inputs.map { strdup($0.0.name)! }
            outputNames = outputs.map { strdup($0.0.name)! }
        } catch {
            library.api.releaseSession(session)
            throw error
        }
    }

    deinit {
        library.api.releaseSession(session)
        inputNames.forEach { free($0) }
        outputNames.forEach { free($0) }
    }

    /// The keys of a sequence-of-maps output, in column order, from the latest run that
    /// produced it; `nil` for tensor outputs or before the first run.
    public func mapKeys(forOutput name: String) -> Tensor? {
        keys.withLock { $0[name] }
    }
}

extension OrtLibrary {
    /// Creates an `OrtSession` with the given options.
    func createSession(path: String, options: ONNXRuntime.SessionOptions) throws -> OpaquePointer {
        var sessionOptions: OpaquePointer?
        try check(api.createSessionOptions(&sessionOptions), .sessionCreationFailed) {
            "could not create session options"
        }
        guard let sessionOptions else { throw ONNXError(.sessionCreationFailed, "CreateSessionOptions returned null") }
        defer { api.releaseSessionOptions(sessionOptions) }
        for setting in options.settings { try apply(setting, to: sessionOptions) }
        for provider in options.executionProviders where provider != .cpu {
            try appendProvider(provider, to: sessionOptions)
        }
        var session: OpaquePointer?
        // Whether it succeeds or not, creating a session leaves most of what it allocated free.
        defer { Heap.releaseFreePages() }
        try check(api.createSession(env, path, sessionOptions, &session), .sessionCreationFailed) {
            "ONNX Runtime could not load the model \(path)"
        }
        guard let session else { throw ONNXError(.sessionCreationFailed, "CreateSession returned null for \(path)") }
        return session
    }

    private func appendProvider(_ provider: ONNXRuntime.ExecutionProvider, to options: OpaquePointer) throws {
        guard availableProviders.contains(provider.providerName) else {
            throw ONNXError(
                .providerUnavailable,
                "execution provider \(provider) is not offered by ONNX Runtime \(version) at \(path), "
                    + "which offers \(availableProviders.joined(separator: ", ")); "
                    + (provider.cudaDeviceID != nil ? "install onnxruntime-gpu for CUDA, or " : "")
                    + "choose cpu"
            )
        }
        guard let device = provider.cudaDeviceID else { return }
        // OrtCUDAProviderOptions (legacy struct, zero-filled past the fields set here so newer
        // appended fields read as off): int device_id @0, OrtCudnnConvAlgoSearch @4 (0 =
        // exhaustive), size_t gpu_mem_limit @8, int arena_extend_strategy @16,
        // int do_copy_in_default_stream @20, int has_user_compute_stream @24,
        // void* user_compute_stream @32, OrtArenaCfg* default_memory_arena_cfg @40.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 256)
        buffer.storeBytes(of: Int32(clamping: device), toByteOffset: 0, as: Int32.self)
        buffer.storeBytes(of: UInt64.max, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: Int32(1), toByteOffset: 20, as: Int32.self)
        try check(api.sessionOptionsAppendExecutionProviderCUDA(options, buffer), .providerUnavailable) {
            "ONNX Runtime could not enable \(provider)"
        }
    }

    typealias CountFunction = @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OrtStatusPointer
    typealias NameFunction =
        @convention(c) (OpaquePointer, Int, OpaquePointer, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) ->
        OrtStatusPointer
    typealias TypeFunction =
        @convention(c) (OpaquePointer, Int, UnsafeMutablePointer<OpaquePointer?>) -> OrtStatusPointer

    /// Names, specs and kinds of a session's inputs or outputs.
    func describeAll(
        _ session: OpaquePointer,
        role: String,
        count: CountFunction,
        name: NameFunction,
        type: TypeFunction
    ) throws -> [(TensorSpec, OrtValueKind)] {
        var n = 0
        try check(count(session, &n), .sessionCreationFailed) { "could not count the model's \(role)s" }
        var result: [(TensorSpec, OrtValueKind)] = []
        for index in 0..<n {
            var cName: UnsafeMutablePointer<CChar>?
            try check(name(session, index, allocator, &cName), .sessionCreationFailed) {
                "\(role) \(index) has no name"
            }
            let text = cName.map { String(cString: $0) } ?? ""
            if let cName { _ = api.allocatorFree(allocator, cName).map(api.releaseStatus) }
            var typeInfo: OpaquePointer?
            try check(type(session, index, &typeInfo), .sessionCreationFailed) { "\(role) '\(text)' has no type" }
            guard let typeInfo else { throw ONNXError(.unsupportedType, "\(role) '\(text)' has no type information") }
            defer { api.releaseTypeInfo(typeInfo) }
            result.append(try describe(typeInfo, name: text, role: role))
        }
        return result
    }
}
