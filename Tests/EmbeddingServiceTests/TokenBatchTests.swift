import Testing
import WordPiece

@Suite("Token batches")
struct TokenBatchTests {
    @Test("pads to the longest encoding, row-major, with mask 0 on padding")
    func padsToLongest() {
        let batch = TokenBatch([Encoding(ids: [101, 7, 102]), Encoding(ids: [101, 8, 9, 10, 102])], padID: 0)
        #expect(batch.shape == [2, 5])
        #expect(batch.inputIDs == [101, 7, 102, 0, 0, 101, 8, 9, 10, 102])
        #expect(batch.attentionMask == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1])
        #expect(batch.tokenTypeIDs == Array(repeating: 0, count: 10))
    }

    @Test("a fixed length pads short rows and cuts long ones")
    func fixedLength() {
        let batch = TokenBatch([Encoding(ids: [1, 2, 3, 4]), Encoding(ids: [1])], padID: 9, length: 3)
        #expect(batch.shape == [2, 3])
        #expect(batch.inputIDs == [1, 2, 3, 1, 9, 9])
        #expect(batch.attentionMask == [1, 1, 1, 1, 0, 0])
    }

    @Test("an empty batch has no rows")
    func empty() {
        let batch = TokenBatch([], padID: 0)
        #expect(batch.shape == [0, 0])
        #expect(batch.inputIDs.isEmpty)
    }
}
