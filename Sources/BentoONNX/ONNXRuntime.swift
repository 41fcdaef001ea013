/// Namespace for the ONNX Runtime integration: finding and loading the library
/// (``loadLibrary(at:)``), configuration (``Configuration``, ``SessionOptions``), and model
/// introspection (``inspectSignature(modelAt:)``). Models run through ``ONNXRunnable``.
///
/// The library is loaded with `dlopen` at first use; SwiftBento has no link-time dependency on it.
///
/// ```swift
/// let signature = try ONNXRuntime.inspectSignature(modelAt: "model.onnx")
/// ```
public enum ONNXRuntime {}
