public import BentoCore

extension LoadingRunnable {
    /// An ONNX model from the model store, loaded in the background once the server runs: until
    /// then calls get 503 and `/readyz` names the model; a missing tag or a broken entry shows
    /// there too, with its reason, instead of crashing the service at start.
    ///
    /// ```swift
    /// let iris = try Runner(name: "iris", runnable: LoadingRunnable.onnx(model: "iris:latest"),
    ///                       methods: [RunnerMethod(name: "run", batchable: true)])
    /// ```
    public static func onnx(
        model tag: String,
        store: ModelStore = ModelStore(home: ModelStore.defaultHome()),
        configuration: ONNXRuntime.Configuration = .defaults
    ) -> LoadingRunnable {
        LoadingRunnable(name: tag, workers: configuration.workers) {
            let model = try store.get(tag, verifyHashes: true)
            guard let file = model.info.files.first(where: { $0.path.hasSuffix(".onnx") }) else {
                throw ONNXError(.sessionCreationFailed, "model \(model.tag) has no .onnx file")
            }
            return try await ONNXRunnable.load(modelAt: model.path(of: file.path), configuration: configuration)
        }
    }
}
