extension ONNXRuntime {
    /// An ONNX Runtime execution provider a session may use.
    ///
    /// The library's own list (``ONNXRuntime/LibraryInfo/availableProviders``) says which it
    /// offers; asking for one it does not offer fails with ``ONNXError/Code/providerUnavailable``.
    ///
    /// ```swift
    /// options.executionProviders = [.cuda(deviceID: 0), .cpu]
    /// ```
    public struct ExecutionProvider: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case cpu
            case cuda(deviceID: Int)
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The CPU provider, always present.
        public static let cpu = ExecutionProvider(.cpu)
        /// NVIDIA CUDA on the given device (needs the `onnxruntime-gpu` build of the library).
        public static func cuda(deviceID: Int = 0) -> ExecutionProvider { ExecutionProvider(.cuda(deviceID: deviceID)) }

        /// Parses `cpu`, `cuda` or `cuda:N` (as written in a config file).
        public init?(name: String) {
            let lower = name.lowercased()
            if lower == "cpu" || lower == "cpuexecutionprovider" {
                self = .cpu
            } else if lower == "cuda" || lower == "cudaexecutionprovider" {
                self = .cuda()
            } else if lower.hasPrefix("cuda:"), let id = Int(lower.dropFirst(5)) {
                self = .cuda(deviceID: id)
            } else {
                return nil
            }
        }

        /// ONNX Runtime's name for the provider, as `GetAvailableProviders` lists it.
        public var providerName: String {
            switch value {
            case .cpu: "CPUExecutionProvider"
            case .cuda: "CUDAExecutionProvider"
            }
        }

        /// The CUDA device, for the CUDA provider.
        var cudaDeviceID: Int? {
            if case .cuda(let id) = value { return id }
            return nil
        }

        public var description: String {
            switch value {
            case .cpu: "cpu"
            case .cuda(let id): "cuda:\(id)"
            }
        }
    }
}
