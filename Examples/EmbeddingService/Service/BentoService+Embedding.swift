import BentoCore
import WordPiece

extension BentoService {
    /// The most sentences one `embed` request may carry.
    static let maxSentencesPerRequest = 256

    /// The sentence-embedding service: `POST /embed` with `{"sentences": [...]}` returns
    /// `{"embeddings": [[Float]]}`, one unit-length 384-d vector per sentence. Tokenization and
    /// pooling run in the handler; the model runs in `runner` (see ``Runner/embedding(runnable:name:maxBatchSize:configuration:)``).
    static func embedding(tokenizer: WordPieceTokenizer, runner: Runner, version: String = "dev") -> BentoService {
        let embedder = SentenceEmbedder(tokenizer: tokenizer) { inputs in
            try await runner.run(inputs, method: Runner.embedMethod)
        }
        let limit = maxSentencesPerRequest
        return BentoService(name: "embedding", version: version, runners: [runner]) {
            API(
                "embed",
                summary: "Sentence embeddings (all-MiniLM-L6-v2): unit vectors whose dot product is cosine similarity",
                input: .json(EmbedRequest.self) { @Sendable request in
                    guard request.sentences.count <= limit else {
                        throw ValidationError(
                            "field 'sentences': at most \(limit) sentences per request, got \(request.sentences.count)")
                    }
                },
                output: .json(EmbedResponse.self)
            ) { request, _ in
                EmbedResponse(embeddings: try await embedder.embed(request.sentences))
            }
        }
    }
}
