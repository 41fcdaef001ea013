extension WordPieceTokenizer {
    /// How the tokenizer normalises, splits and truncates. The defaults are uncased BERT's, as
    /// all-MiniLM-L6-v2's `tokenizer.json` sets them.
    public struct Configuration: Sendable, Hashable {
        /// Lowercase the text.
        public var lowercases: Bool = true
        /// Strip accents (canonical decomposition, then drop non-spacing marks); `nil` follows
        /// ``lowercases``, as BERT does.
        public var stripsAccents: Bool? = nil
        /// Put each CJK ideograph in a word of its own.
        public var splitsCJK: Bool = true
        /// Recognise the special tokens (`[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]`) written
        /// literally, case-sensitively, in the input, as Hugging Face `tokenizers` does.
        public var splitsSpecialTokens: Bool = true
        /// A word with more Unicode scalars than this becomes `[UNK]`.
        public var maxInputCharsPerWord: Int = 100
        /// The most tokens an encoding holds, `[CLS]` and `[SEP]` included; longer texts are
        /// truncated. `nil` keeps every token.
        public var maxLength: Int? = 128

        /// Creates a configuration; every setting has BERT's default.
        public init(
            lowercases: Bool = true,
            stripsAccents: Bool? = nil,
            splitsCJK: Bool = true,
            splitsSpecialTokens: Bool = true,
            maxInputCharsPerWord: Int = 100,
            maxLength: Int? = 128
        ) {
            self.lowercases = lowercases
            self.stripsAccents = stripsAccents
            self.splitsCJK = splitsCJK
            self.splitsSpecialTokens = splitsSpecialTokens
            self.maxInputCharsPerWord = maxInputCharsPerWord
            self.maxLength = maxLength
        }

        /// Uncased BERT: lowercase, strip accents, split CJK, truncate at 128 tokens.
        public static var defaults: Configuration { Configuration() }
    }
}
