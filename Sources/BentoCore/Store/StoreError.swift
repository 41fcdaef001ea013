/// An error from the model store: a bad tag, a missing or corrupted model, an unsafe archive, a failed write.
///
/// The ``message`` says what is wrong and what to do about it; ``code`` lets callers branch
/// without parsing the message; ``cause`` keeps the underlying error where there is one.
///
/// ```swift
/// do { _ = try store.get("iris:latest") }
/// catch let error as StoreError where error.code == .notFound { print(error.message) }
/// ```
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of store error this is. Extensible: match with `==`, not `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidTag, notFound, alreadyExists, corrupted, invalidModel
            case invalidArchive, unsafeArchive, archiveTooLarge, io
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A tag, name or version breaks the naming rules.
        public static let invalidTag = Code(.invalidTag)
        /// No model, file or folder exists under the given tag or path.
        public static let notFound = Code(.notFound)
        /// A model with this exact tag is already stored.
        public static let alreadyExists = Code(.alreadyExists)
        /// A stored entry is partial or its files do not match `model.yaml`.
        public static let corrupted = Code(.corrupted)
        /// A `model.yaml` (ours or BentoML's) cannot be read or lacks a required field.
        public static let invalidModel = Code(.invalidModel)
        /// An archive is malformed, truncated or compressed in a way that is not supported.
        public static let invalidArchive = Code(.invalidArchive)
        /// An archive member would escape the entry or is not a plain file or folder.
        public static let unsafeArchive = Code(.unsafeArchive)
        /// An archive holds more bytes than the configured limit.
        public static let archiveTooLarge = Code(.archiveTooLarge)
        /// Reading, writing, renaming or locking a file failed.
        public static let io = Code(.io)

        public var description: String { value.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
