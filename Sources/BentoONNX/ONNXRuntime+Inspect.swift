public import BentoCore

extension ONNXRuntime {
    /// Reads the inputs and outputs of the ONNX model at `path` into a signature (method `run`),
    /// batchable when every input's first dimension is dynamic.
    ///
    /// ```swift
    /// let signature = try ONNXRuntime.inspectSignature(modelAt: "model.onnx")
    /// ```
    public static func inspectSignature(modelAt path: String) throws -> ModelSignature {
        try inspectSignature(modelAt: path, configuration: .defaults)
    }

    /// Reads a model's signature with the given configuration (library location, a `batchable`
    /// override).
    public static func inspectSignature(
        modelAt path: String,
        configuration: Configuration
    ) throws -> ModelSignature {
        var configuration = configuration
        configuration.workers = 1
        return try ONNXSession(modelAt: path, configuration: configuration).signature
    }
}
