/// An error from the ONNX Runtime integration: finding or loading the library, creating a
/// session, checking inputs, or running a model.
///
/// ``message`` is a sentence a user can act on; it names the input, output or file involved and,
/// when ONNX Runtime itself refused, carries ONNX Runtime's own message. ``cause`` holds the
/// underlying error (a `TensorError` for input mismatches) when there is one.
///
/// ```swift
/// do {
///     _ = try await runnable.run(["float_input": x])
/// } catch let error as ONNXError where error.code == .invalidInput {
///     print(error.message)   // input 'float_input' must be float32, got float64
/// }
/// ```
public struct ONNXError: Error, Sendable, CustomStringConvertible {
    /// What kind of error this is. Extensible: match with `==`, not `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case libraryNotFound, libraryLoadFailed, incompatibleLibrary
            case providerUnavailable, sessionCreationFailed, unsupportedType
            case invalidInput, missingInput, unknownInput, unknownMethod
            case runFailed, invalidOutput
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No ONNX Runtime library was found in any of the places searched.
        public static let libraryNotFound = Code(.libraryNotFound)
        /// A library was found but `dlopen` or `OrtGetApiBase` failed.
        public static let libraryLoadFailed = Code(.libraryLoadFailed)
        /// The library is too old for the API version SwiftBento needs, or failed its self-test.
        public static let incompatibleLibrary = Code(.incompatibleLibrary)
        /// A configured execution provider is not offered by the loaded library.
        public static let providerUnavailable = Code(.providerUnavailable)
        /// ONNX Runtime could not create a session (missing, truncated or invalid model file).
        public static let sessionCreationFailed = Code(.sessionCreationFailed)
        /// A model input or output has a type SwiftBento cannot represent as a tensor.
        public static let unsupportedType = Code(.unsupportedType)
        /// An input tensor does not match the signature (dtype, rank or a fixed dimension).
        public static let invalidInput = Code(.invalidInput)
        /// An input the model needs was not given.
        public static let missingInput = Code(.missingInput)
        /// An input was given that the model does not have.
        public static let unknownInput = Code(.unknownInput)
        /// The method name is not one the model has (ONNX models have one method, `run`).
        public static let unknownMethod = Code(.unknownMethod)
        /// ONNX Runtime refused or failed the run; the message is ONNX Runtime's.
        public static let runFailed = Code(.runFailed)
        /// An output could not be converted to a tensor.
        public static let invalidOutput = Code(.invalidOutput)

        public var description: String { value.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// A sentence a user can act on.
    public var message: String
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
