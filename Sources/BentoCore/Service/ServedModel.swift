/// A model that a service exposes on the Open Inference Protocol endpoints (`/v2/models/{name}`),
/// backed by whatever runs it (a runner, a remote server, a closure in tests).
///
/// ```swift
/// let doubler = ServedModel(
///     name: "doubler", platform: "swift",
///     inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1])],
///     outputs: [TensorSpec(name: "y", dtype: .float32, shape: [-1])]
/// ) { inputs in
///     ["y": try Tensor(inputs["x"]!.values(as: Float.self).map { $0 * 2 })]
/// }
/// ```
public struct ServedModel: Sendable {
    /// The model's name (its tag's name).
    public var name: String
    /// The version served.
    public var version: String
    /// The runtime, as the Open Inference Protocol reports it (`onnxruntime`, `swift`, …).
    public var platform: String
    /// The declared inputs.
    public var inputs: [TensorSpec]
    /// The declared outputs.
    public var outputs: [TensorSpec]
    private let readiness: @Sendable () async -> Bool
    private let body: @Sendable ([String: Tensor]) async throws -> [String: Tensor]

    /// Creates a served model.
    public init(
        name: String,
        version: String = "1",
        platform: String,
        inputs: [TensorSpec],
        outputs: [TensorSpec],
        isReady: @escaping @Sendable () async -> Bool = { true },
        infer: @escaping @Sendable ([String: Tensor]) async throws -> [String: Tensor]
    ) {
        self.name = name
        self.version = version
        self.platform = platform
        self.inputs = inputs
        self.outputs = outputs
        self.readiness = isReady
        self.body = infer
    }

    /// Whether the model is loaded and can answer.
    public func isReady() async -> Bool { await readiness() }

    /// Runs the model after checking each input against its spec. `outputs` keeps only the named
    /// outputs (all when `nil`); an unknown name is an error.
    public func infer(_ inputs: [String: Tensor], outputs requested: [String]? = nil) async throws -> [String: Tensor] {
        for name in inputs.keys where !self.inputs.contains(where: { $0.name == name }) {
            let known = self.inputs.map { "'\($0.name)'" }.joined(separator: ", ")
            throw ServiceError(.badInput, "model '\(self.name)' has no input '\(name)'; its inputs are \(known)")
        }
        for spec in self.inputs {
            guard let tensor = inputs[spec.name] else {
                throw ServiceError(.badInput, "model '\(name)' needs input '\(spec.name)'")
            }
            do {
                try spec.validate(tensor)
            } catch {
                throw ServiceError(.badInput, error.message, cause: error)
            }
        }
        if let requested {
            for output in requested where !self.outputs.contains(where: { $0.name == output }) {
                throw ServiceError(.badInput, "model '\(name)' has no output '\(output)'")
            }
        }
        let results: [String: Tensor]
        do {
            results = try await body(inputs)
        } catch let error as TensorError {
            throw ServiceError(.badInput, error.message, cause: error)
        }
        guard let requested else { return results }
        return results.filter { requested.contains($0.key) }
    }
}
