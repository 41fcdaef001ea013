/// An error about a tensor's dtype, shape or bytes.
///
/// The ``message`` says what is wrong and names the tensor or axis involved; ``code`` lets callers
/// branch without parsing the message.
public struct TensorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of tensor error this is. Extensible: match with `==`, not `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case unknownDType, invalidShape, byteCountMismatch, dtypeMismatch, shapeMismatch
            case invalidAxis, invalidSplit, invalidJSON, valueOutOfRange, invalidStringData
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The dtype name is not one SwiftBento knows.
        public static let unknownDType = Code(.unknownDType)
        /// A dimension is negative, or the shape's element count overflows.
        public static let invalidShape = Code(.invalidShape)
        /// The bytes do not hold exactly the elements the shape and dtype call for.
        public static let byteCountMismatch = Code(.byteCountMismatch)
        /// Tensors, or a tensor and the requested element type, disagree on dtype.
        public static let dtypeMismatch = Code(.dtypeMismatch)
        /// Tensors disagree on rank or on a dimension other than the one being joined.
        public static let shapeMismatch = Code(.shapeMismatch)
        /// An axis is outside the tensor's rank.
        public static let invalidAxis = Code(.invalidAxis)
        /// Split sizes do not add up to the axis length, or one is negative.
        public static let invalidSplit = Code(.invalidSplit)
        /// JSON text is malformed or not a (ragged-free) array of values.
        public static let invalidJSON = Code(.invalidJSON)
        /// A value does not fit the dtype (e.g. 300 for `uint8`, 1.5 for `int32`).
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// String tensor bytes are not a sequence of length-prefixed elements.
        public static let invalidStringData = Code(.invalidStringData)

        public var description: String { value.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
