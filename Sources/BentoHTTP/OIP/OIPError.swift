/// An error in an Open Inference Protocol exchange: a malformed envelope, a lying
/// `Inference-Header-Content-Length`, an unknown model or output.
///
/// The ``message`` names the tensor, parameter or header at fault. The HTTP frontend maps
/// ``code`` to a status in one place (``ErrorResponse``).
package struct OIPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable { case badInput, notFound, unavailable }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request is malformed (400).
        package static let badInput = Code(.badInput)
        /// No such model or version (404).
        package static let notFound = Code(.notFound)
        /// The model is not ready (503).
        package static let unavailable = Code(.unavailable)

        package var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    package var code: Code
    /// A sentence the caller can act on.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
