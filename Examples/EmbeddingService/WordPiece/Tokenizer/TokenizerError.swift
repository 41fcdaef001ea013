/// A vocabulary could not be loaded or lacks what the tokenizer needs.
public struct TokenizerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case invalidVocabulary
            case missingSpecialToken
            case invalidConfiguration
        }
        private let value: Value

        /// The vocabulary file is unreadable, has an empty line or a duplicate token.
        public static let invalidVocabulary = Code(value: .invalidVocabulary)
        /// A special token (`[CLS]`, `[SEP]`, `[UNK]`, `[PAD]`) is not in the vocabulary.
        public static let missingSpecialToken = Code(value: .missingSpecialToken)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(value: .invalidConfiguration)

        public var description: String { "\(value)" }
    }

    /// What went wrong.
    public var code: Code
    /// A message a user can act on.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}
