public import BentoCore

extension ONNXRuntime {
    /// Reads the inputs and outputs of the ONNX model at `path` into a signature (method `run`),
    /// batchable when every input's first dimension is dynamic.
    public static func inspectSignature(modelAt path: String) throws -> ModelSignature {
        // Replaced by the real binding in the ONNX Runtime work; callers treat a throw as
        // "signature unknown" and import the model without one.
        throw ONNXInspectUnavailable()
    }
}

struct ONNXInspectUnavailable: Error, CustomStringConvertible {
    var description: String { "ONNX Runtime signature introspection is not built yet" }
}
