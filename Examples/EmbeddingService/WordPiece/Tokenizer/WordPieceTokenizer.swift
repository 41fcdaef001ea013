public import Foundation

/// BERT's WordPiece tokenizer for uncased models such as all-MiniLM-L6-v2: basic tokenization
/// (cleaning, whitespace and punctuation splitting, lowercasing, accent stripping, CJK
/// ideographs alone), then greedy longest-match-first word pieces with `##` continuations,
/// `[UNK]` for what the vocabulary cannot spell, `[CLS] … [SEP]` and truncation.
///
/// It matches Hugging Face `tokenizers` with the model's `tokenizer.json` token for token, and
/// works on Unicode scalars without regular expressions.
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(contentsOf: URL(fileURLWithPath: "vocab.txt"))
/// let encoding = tokenizer.encode("Hello, world!")   // ids [101, 7592, 1010, 2088, 999, 102]
/// tokenizer.tokenize("unaffable")                      // ["una", "##ffa", "##ble"]
/// ```
public struct WordPieceTokenizer: Sendable {
    /// The vocabulary.
    public let vocabulary: Vocabulary
    /// The settings.
    public let configuration: Configuration
    /// The id of `[CLS]`, which starts every encoding.
    public let clsID: Int
    /// The id of `[SEP]`, which ends every encoding.
    public let sepID: Int
    /// The id of `[PAD]`, which fills encodings to a batch's length.
    public let padID: Int
    /// The id of `[UNK]`, which stands for a word the vocabulary cannot spell.
    public let unkID: Int

    private let basic: BasicTokenizer
    private let continuationNode: TokenTrie.Node?
    let specialTokens: [(scalars: [Unicode.Scalar], id: Int)]

    /// Creates a tokenizer over `vocabulary`.
    ///
    /// - Throws: ``TokenizerError/Code/missingSpecialToken`` when `[CLS]`, `[SEP]`, `[PAD]` or
    ///   `[UNK]` is missing; ``TokenizerError/Code/invalidConfiguration`` for a `maxLength`
    ///   under 2 or a `maxInputCharsPerWord` under 1.
    public init(vocabulary: Vocabulary, configuration: Configuration = .defaults) throws(TokenizerError) {
        func special(_ token: String) throws(TokenizerError) -> Int {
            guard let id = vocabulary.id(for: token) else {
                throw TokenizerError(.missingSpecialToken, "the vocabulary has no \(token) token")
            }
            return id
        }
        if let maxLength = configuration.maxLength, maxLength < 2 {
            throw TokenizerError(
                .invalidConfiguration, "maxLength must leave room for [CLS] and [SEP]; got \(maxLength)")
        }
        guard configuration.maxInputCharsPerWord >= 1 else {
            throw TokenizerError(
                .invalidConfiguration,
                "maxInputCharsPerWord must be at least 1; got \(configuration.maxInputCharsPerWord)")
        }
        self.vocabulary = vocabulary
        self.configuration = configuration
        self.clsID = try special("[CLS]")
        self.sepID = try special("[SEP]")
        self.padID = try special("[PAD]")
        self.unkID = try special("[UNK]")
        self.basic = BasicTokenizer(
            lowercases: configuration.lowercases,
            stripsAccents: configuration.stripsAccents ?? configuration.lowercases,
            splitsCJK: configuration.splitsCJK
        )
        self.continuationNode = vocabulary.trie.node(for: "##")
        self.specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary.id(for: token).map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// Creates a tokenizer over the `vocab.txt` at `url`.
    public init(contentsOf url: URL, configuration: Configuration = .defaults) throws(TokenizerError) {
        try self.init(vocabulary: Vocabulary(contentsOf: url), configuration: configuration)
    }

    /// Encodes one text: `[CLS]`, its word pieces (truncated to leave room within
    /// ``Configuration/maxLength``), `[SEP]`.
    public func encode(_ text: String) -> Encoding {
        let limit = configuration.maxLength.map { $0 - 2 }
        var ids = [clsID]
        ids.reserveCapacity(min(limit ?? 64, 64) + 2)
        appendPieceIDs(of: text, to: &ids, limit: limit.map { $0 + 1 })
        ids.append(sepID)
        return Encoding(ids: ids)
    }

    /// Encodes each text; see ``encode(_:)-(String)``.
    public func encode(_ texts: [String]) -> [Encoding] {
        texts.map { encode($0) }
    }

    /// The word pieces of `text` as tokens, without special tokens or truncation.
    public func tokenize(_ text: String) -> [String] {
        var ids: [Int] = []
        appendPieceIDs(of: text, to: &ids, limit: nil)
        return ids.map { vocabulary.tokens[$0] }
    }

    /// Appends the piece ids of `text` to `ids` until `ids` holds `limit` ids.
    private func appendPieceIDs(of text: String, to ids: inout [Int], limit: Int?) {
        var pieces = PieceEncoder(
            vocabulary: vocabulary,
            continuationNode: continuationNode,
            unkID: unkID,
            maxInputCharsPerWord: configuration.maxInputCharsPerWord,
            limit: limit ?? Int.max,
            ids: ids
        )
        ids = []  // hand the buffer over without a copy
        defer { ids = pieces.ids }
        guard pieces.ids.count < pieces.limit else { return }
        for segment in segments(of: text) {
            switch segment {
            case .special(let id):
                pieces.ids.append(id)
            case .text(let text):
                basic.forEachWord(in: text, into: &pieces)
            }
            if pieces.ids.count >= pieces.limit {
                pieces.ids.removeLast(pieces.ids.count - pieces.limit)
                return
            }
        }
    }
}
