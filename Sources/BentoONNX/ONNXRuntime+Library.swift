extension ONNXRuntime {
    /// What was loaded: where from, which version, which execution providers it offers.
    public struct LibraryInfo: Sendable, Hashable {
        /// The library file.
        public var path: String
        /// ONNX Runtime's version string (e.g. `1.32.0`).
        public var version: String
        /// The execution providers the library offers, e.g. `["CPUExecutionProvider"]`.
        public var availableProviders: [String]
    }

    /// Finds and loads ONNX Runtime (once per location) and describes it.
    ///
    /// Search order, first hit wins: `libraryPath` (a file or folder); `BENTO_ONNXRUNTIME`; Python
    /// discovery (`importlib.util.find_spec('onnxruntime')`, then `capi/libonnxruntime.so*`); the
    /// system loader's paths. See `Docs/onnxruntime.md` for installing it.
    ///
    /// ```swift
    /// let info = try ONNXRuntime.loadLibrary()
    /// print(info.version, info.path)
    /// ```
    public static func loadLibrary(at libraryPath: String? = nil) throws -> LibraryInfo {
        let library = try OrtLibrary.shared(explicitPath: libraryPath)
        return LibraryInfo(path: library.path, version: library.version, availableProviders: library.availableProviders)
    }
}
