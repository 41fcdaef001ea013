public import BentoCore

/// Namespace for the ONNX Runtime integration (binding, sessions, runnable).
public enum ONNXRuntime {}
