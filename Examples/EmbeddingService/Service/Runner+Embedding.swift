import BentoCore
import BentoONNX

extension Runner {
    /// The runner method the embedding service calls: ONNX models have one, `run`.
    static let embedMethod = ONNXRunnable.method

    /// A runner for a BERT-style encoder (all-MiniLM-L6-v2): one batchable method whose three
    /// int64 `[N, S]` token inputs are padded along the sequence axis to the longest request in
    /// a batch and whose `last_hidden_state` is sliced back to each request's own length, so a
    /// request's embeddings do not depend on its neighbours.
    static func embedding(
        runnable: some Runnable,
        name: String = "minilm",
        maxBatchSize: Int = 64,
        configuration: RunnerConfiguration = .defaults
    ) throws -> Runner {
        let pad = RunnerMethod.Padding(axis: 1, value: 0)
        return try Runner(
            name: name,
            runnable: runnable,
            methods: [
                RunnerMethod(
                    name: embedMethod,
                    batchable: true,
                    maxBatchSize: maxBatchSize,
                    padding: ["input_ids": pad, "attention_mask": pad, "token_type_ids": pad],
                    paddedOutputs: ["last_hidden_state": 1]
                )
            ],
            configuration: configuration
        )
    }

    /// The embedding runner over the ONNX model at `path`, loaded with ONNX Runtime.
    static func embedding(
        modelAt path: String,
        onnx: ONNXRuntime.Configuration = .defaults,
        maxBatchSize: Int = 64,
        configuration: RunnerConfiguration = .defaults
    ) async throws -> Runner {
        let runnable = try await ONNXRunnable.load(modelAt: path, configuration: onnx)
        return try embedding(runnable: runnable, maxBatchSize: maxBatchSize, configuration: configuration)
    }
}
