import Testing
import WordPiece

/// The tokenizer against Hugging Face `tokenizers` with the model's `tokenizer.json`, on
/// sentences chosen to hit every rule: punctuation, accents, CJK, Hangul, emoji, controls,
/// zero-width and exotic whitespace, literal special tokens, long words and truncation.
@Suite("WordPiece matches the Python reference")
struct ReferenceTokenizationTests {
    static let tokenizer = Result { try ReferenceFixtures.tokenizer(maxLength: 128) }
    static let tokenizer32 = Result { try ReferenceFixtures.tokenizer(maxLength: 32) }

    @Test("token ids, truncated at 128", arguments: try ReferenceFixtures.tokenizationCases())
    func ids128(_ reference: ReferenceFixtures.TokenizationCase) throws {
        let tokenizer = try Self.tokenizer.get()
        let ids = tokenizer.encode(reference.text).ids
        #expect(
            ids == reference.ids, "tokens \(ids.map { tokenizer.vocabulary.tokens[$0] }), expected \(reference.tokens)")
    }

    @Test("token ids, truncated at 32", arguments: try ReferenceFixtures.tokenizationCases())
    func ids32(_ reference: ReferenceFixtures.TokenizationCase) throws {
        let encoding = try Self.tokenizer32.get().encode(reference.text)
        #expect(encoding.ids == reference.ids32)
        #expect(encoding.attentionMask == Array(repeating: 1, count: reference.ids32.count))
        #expect(encoding.typeIDs == Array(repeating: 0, count: reference.ids32.count))
    }

    @Test("the reference set covers truncation, [UNK] and the empty string")
    func coverage() throws {
        let cases = try ReferenceFixtures.tokenizationCases()
        #expect(cases.count >= 30)
        #expect(cases.contains { $0.text.isEmpty && $0.ids == [101, 102] })
        #expect(cases.contains { $0.ids.count == 128 })
        #expect(cases.contains { $0.ids.contains(100) })
    }
}
