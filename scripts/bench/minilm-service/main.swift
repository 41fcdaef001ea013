// The SwiftBento side of scripts/bench/compare's MiniLM rows: a service with one JSON API that
// takes token ids and returns the mean-pooled embedding, the same JSON as the BentoML service in
// scripts/bench/compare.d/bentoml_minilm.py.
//
//   BENCH_MINILM_MODEL=.fixtures/minilm/model.onnx bench-minilm-service serve --port 3000
//   curl -s localhost:3000/predict -d '{"input_ids": [[101, 7592, 2088, 102]]}'    # [[384 floats]]
//
// The runner batches concurrent calls (padding the sequence axis, as Examples/EmbeddingService
// does); `BENTO_CONFIG_OPTIONS="runners.minilm.batching.enabled=false"` turns batching off, and
// `runners.minilm.batching.max_batch_size` / `runners.minilm.workers` tune it.
import BentoCLI
import BentoCore
import BentoONNX
import Foundation
import WordPiece

struct TokenRequest: Codable, Sendable {
    var inputIDs: [[Int64]]
    enum CodingKeys: String, CodingKey { case inputIDs = "input_ids" }
}

let environment = ProcessInfo.processInfo.environment
let modelPath = environment["BENCH_MINILM_MODEL"] ?? ".fixtures/minilm/model.onnx"

let service: BentoService
do {
    // A code service reads its runner settings itself: the configuration keys under runners.minilm.
    var runnerConfiguration = RunnerConfiguration()
    let source = try ConfigurationSource(environment: environment)
    try runnerConfiguration.apply(overrides: source.values.filter { $0.key.hasPrefix("runners.") }, runner: "minilm")
    var onnx = ONNXRuntime.Configuration.defaults
    if let workers = runnerConfiguration.workers { onnx.workers = workers }
    let model = LoadingRunnable(name: "minilm", workers: onnx.workers) { [onnx] in
        try await ONNXRunnable.load(modelAt: modelPath, configuration: onnx)
    }
    let pad = RunnerMethod.Padding(axis: 1, value: 0)
    let runner = try Runner(
        name: "minilm",
        runnable: model,
        methods: [
            RunnerMethod(
                name: ONNXRunnable.method,
                batchable: true,
                maxBatchSize: 64,
                padding: ["input_ids": pad, "attention_mask": pad, "token_type_ids": pad],
                paddedOutputs: ["last_hidden_state": 1]
            )
        ],
        configuration: runnerConfiguration
    )
    let input = JSONDescriptor(TokenRequest.self) { request in
        guard !request.inputIDs.isEmpty, let length = request.inputIDs.first?.count, length > 0,
            request.inputIDs.allSatisfy({ $0.count == length })
        else {
            throw ValidationError("field 'input_ids': rows of token ids, all of one non-zero length")
        }
    }
    service = BentoService(name: "minilm", runners: [runner]) {
        API("predict", input: input, output: .json([[Float]].self)) { request, _ in
            let rows = request.inputIDs.count
            let length = request.inputIDs[0].count
            let shape = [rows, length]
            let outputs = try await runner.run(
                [
                    "input_ids": try Tensor(request.inputIDs.flatMap { $0 }, shape: shape),
                    "attention_mask": try Tensor([Int64](repeating: 1, count: rows * length), shape: shape),
                    "token_type_ids": try Tensor([Int64](repeating: 0, count: rows * length), shape: shape),
                ],
                method: ONNXRunnable.method
            )
            guard let hidden = outputs["last_hidden_state"], hidden.rank == 3 else {
                throw ServiceError(.internalError, "the model returned no [N, S, width] 'last_hidden_state'")
            }
            return MeanPooling.pool(
                hiddenStates: try hidden.values(as: Float.self),
                rows: rows,
                length: length,
                width: hidden.shape[2],
                attentionMask: [Int64](repeating: 1, count: rows * length)
            )
        }
    }
    try service.validate()
} catch {
    FileHandle.standardError.write(Data("bench-minilm-service: \(error)\n".utf8))
    exit(1)
}

await CLI.main(service: service)
