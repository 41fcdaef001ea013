import BentoCore
import WordPiece

/// Sentence embeddings with all-MiniLM-L6-v2: tokenize in Swift, run the model (through a
/// runner, which batches concurrent requests), mean-pool over the attention mask, normalise.
///
/// ```swift
/// let embedder = SentenceEmbedder(tokenizer: tokenizer) { inputs in
///     try await runner.run(inputs, method: "embed")
/// }
/// let vectors = try await embedder.embed(["A cat sits on a mat."])
/// ```
struct SentenceEmbedder: Sendable {
    /// Runs the model: `input_ids`, `attention_mask`, `token_type_ids` (int64 `[N, S]`) to
    /// `last_hidden_state` (float32 `[N, S, width]`).
    typealias Model = @Sendable ([String: Tensor]) async throws -> [String: Tensor]

    let tokenizer: WordPieceTokenizer
    let model: Model

    /// The model's inputs for `sentences`: one row each, padded to the longest.
    func inputs(for sentences: [String]) throws -> (inputs: [String: Tensor], batch: TokenBatch) {
        let batch = TokenBatch(tokenizer.encode(sentences), padID: tokenizer.padID)
        let inputs = [
            "input_ids": try Tensor(batch.inputIDs, shape: batch.shape),
            "attention_mask": try Tensor(batch.attentionMask, shape: batch.shape),
            "token_type_ids": try Tensor(batch.tokenTypeIDs, shape: batch.shape),
        ]
        return (inputs, batch)
    }

    /// One unit-length embedding per sentence, in order.
    func embed(_ sentences: [String]) async throws -> [[Float]] {
        guard !sentences.isEmpty else { return [] }
        let (inputs, batch) = try inputs(for: sentences)
        let outputs = try await model(inputs)
        guard let hidden = outputs["last_hidden_state"] else {
            throw ServiceError(
                .internalError, "the model returned no 'last_hidden_state'; it returned \(outputs.keys.sorted())")
        }
        guard hidden.dtype == .float32, hidden.rank == 3, hidden.shape[0] == batch.rows, hidden.shape[1] == batch.length
        else {
            throw ServiceError(
                .internalError,
                "'last_hidden_state' is \(hidden.dtype) \(hidden.shape); expected float32 [\(batch.rows), \(batch.length), width]"
            )
        }
        return MeanPooling.pool(
            hiddenStates: try hidden.values(as: Float.self),
            rows: batch.rows,
            length: batch.length,
            width: hidden.shape[2],
            attentionMask: batch.attentionMask
        ).map { $0.l2Normalized() }
    }
}
