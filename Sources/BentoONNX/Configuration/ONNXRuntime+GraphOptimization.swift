extension ONNXRuntime {
    /// ONNX Runtime's graph optimisation level (`GraphOptimizationLevel`).
    ///
    /// ```swift
    /// options.graphOptimization = .extended
    /// ```
    public struct GraphOptimization: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Int32, Sendable, Hashable {
            case disabled = 0, basic = 1, extended = 2, all = 99
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No graph rewrites.
        public static let disabled = GraphOptimization(.disabled)
        /// Semantics-preserving rewrites such as constant folding.
        public static let basic = GraphOptimization(.basic)
        /// Basic plus node fusions.
        public static let extended = GraphOptimization(.extended)
        /// Everything, including layout optimisations (ONNX Runtime's default).
        public static let all = GraphOptimization(.all)

        /// Parses `disabled`, `basic`, `extended` or `all` (as written in a config file).
        public init?(name: String) {
            switch name.lowercased() {
            case "disabled", "disable_all", "none": self = .disabled
            case "basic": self = .basic
            case "extended": self = .extended
            case "all", "enable_all": self = .all
            default: return nil
            }
        }

        /// The C API's `GraphOptimizationLevel` value.
        var level: Int32 { value.rawValue }

        public var description: String { "\(value)" }
    }
}
