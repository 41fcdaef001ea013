/// Sentence-transformers' mean pooling: the average of a row's token vectors over the tokens
/// its attention mask keeps, so padding does not change a sentence's embedding.
///
/// ```swift
/// let embeddings = MeanPooling.pool(
///     hiddenStates: lastHiddenState, rows: 2, length: 6, width: 384, attentionMask: batch.attentionMask
/// ).map { $0.l2Normalized() }
/// ```
public enum MeanPooling {
    /// Mean-pools `hiddenStates` (`rows × length × width`, row-major) over `attentionMask`
    /// (`rows × length`, non-zero keeps a token). A row with no kept token pools to zeros.
    public static func pool(
        hiddenStates: [Float],
        rows: Int,
        length: Int,
        width: Int,
        attentionMask: [Int64]
    ) -> [[Float]] {
        precondition(
            hiddenStates.count == rows * length * width,
            "hidden states hold \(hiddenStates.count) values, not \(rows)×\(length)×\(width)")
        precondition(
            attentionMask.count == rows * length,
            "attention mask holds \(attentionMask.count) values, not \(rows)×\(length)")
        var pooled: [[Float]] = []
        pooled.reserveCapacity(rows)
        hiddenStates.withUnsafeBufferPointer { states in
            for row in 0..<rows {
                var sum = [Float](repeating: 0, count: width)
                var kept = 0
                for token in 0..<length where attentionMask[row * length + token] != 0 {
                    kept += 1
                    let base = (row * length + token) * width
                    for k in 0..<width { sum[k] += states[base + k] }
                }
                // sentence-transformers divides by max(count, 1e-9): zeros stay zeros.
                let scale = 1 / Float(max(kept, 1))
                pooled.append(sum.map { $0 * scale })
            }
        }
        return pooled
    }
}
