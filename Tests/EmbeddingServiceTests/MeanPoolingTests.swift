import Testing
import WordPiece

@Suite("Mean pooling and normalisation")
struct MeanPoolingTests {
    @Test("averages only the tokens the mask keeps")
    func masked() {
        // 2 rows × 3 tokens × 2 dims; row 0 keeps 2 tokens, row 1 keeps 3.
        let states: [Float] = [1, 2, 3, 4, 100, 100, 1, 1, 2, 2, 3, 3]
        let pooled = MeanPooling.pool(
            hiddenStates: states, rows: 2, length: 3, width: 2, attentionMask: [1, 1, 0, 1, 1, 1])
        #expect(pooled == [[2, 3], [2, 2]])
    }

    @Test("padding does not change a row's embedding")
    func paddingInvariant() {
        let short = MeanPooling.pool(hiddenStates: [1, 5, 3, 7], rows: 1, length: 2, width: 2, attentionMask: [1, 1])
        let padded = MeanPooling.pool(
            hiddenStates: [1, 5, 3, 7, -9, 9], rows: 1, length: 3, width: 2, attentionMask: [1, 1, 0])
        #expect(short == padded)
    }

    @Test("a row with nothing kept pools to zeros, and zeros normalise to zeros")
    func nothingKept() {
        let pooled = MeanPooling.pool(hiddenStates: [1, 2], rows: 1, length: 1, width: 2, attentionMask: [0])
        #expect(pooled == [[0, 0]])
        #expect(pooled[0].l2Normalized() == [0, 0])
    }

    @Test("normalised vectors have unit length; cosine similarity is scale-free")
    func normalisation() {
        let v: [Float] = [3, 4]
        #expect(v.l2Normalized() == [0.6, 0.8])
        #expect(abs(v.cosineSimilarity(to: [6, 8]) - 1) < 1e-6)
        #expect(abs(v.cosineSimilarity(to: [-4, 3])) < 1e-6)
        #expect(v.cosineSimilarity(to: [0, 0]) == 0)
    }
}
