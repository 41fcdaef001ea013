import BentoTesting
import Foundation
import Testing
import WordPiece

/// The reference values `scripts/fixtures/make_embedding_reference.py` writes, and the real
/// all-MiniLM-L6-v2 vocabulary.
enum ReferenceFixtures {
    /// One sentence as Hugging Face `tokenizers` encodes it.
    struct TokenizationCase: Decodable, Sendable, CustomTestStringConvertible {
        var text: String
        var tokens: [String]
        var ids: [Int]
        var ids32: [Int]
        var testDescription: String { String(reflecting: String(text.prefix(40))) }
    }

    struct Tokenization: Decodable {
        var cases: [TokenizationCase]
    }

    /// Sentence embeddings from onnxruntime and numpy.
    struct Embeddings: Decodable, Sendable {
        var sentences: [String]
        var embeddings: [[Float]]
        var cosine: [[Float]]
    }

    static func tokenizationCases() throws -> [TokenizationCase] {
        try decode(Tokenization.self, "embedding/tokenization.json").cases
    }

    static func embeddings() throws -> Embeddings {
        try decode(Embeddings.self, "embedding/embeddings.json")
    }

    /// The tokenizer over the model's own `vocab.txt`.
    static func tokenizer(maxLength: Int? = 128) throws -> WordPieceTokenizer {
        let vocab = URL(fileURLWithPath: try Fixtures.file("minilm/vocab.txt"))
        return try WordPieceTokenizer(contentsOf: vocab, configuration: .init(maxLength: maxLength))
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        let data = try Data(contentsOf: Fixtures.committed.appendingPathComponent(path))
        return try JSONDecoder().decode(T.self, from: data)
    }
}
