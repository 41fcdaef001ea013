/// An error from building, storing, containerizing or deploying a bento: a bad bentofile, a missing
/// model, a failed compile, a broken bento.
///
/// ```swift
/// do { _ = try Bentofile(contentsOf: "bentofile.yaml") }
/// catch let error as BuildError { print(error.message) }   // names the unknown key
/// ```
public struct BuildError: Error, Sendable, CustomStringConvertible {
    /// What kind of build error this is. Extensible: match with `==`, not `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidBentofile, modelMissing, compileFailed, invalidService, invalidBento, toolFailed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The bentofile is unreadable, has unknown keys or wrong values.
        public static let invalidBentofile = Code(.invalidBentofile)
        /// A model the bentofile names is not in the model store.
        public static let modelMissing = Code(.modelMissing)
        /// `swift build` of the service failed.
        public static let compileFailed = Code(.compileFailed)
        /// The built executable does not describe itself as a SwiftBento service.
        public static let invalidService = Code(.invalidService)
        /// A stored or unpacked bento is not usable (missing `bento.yaml`, files that do not match).
        public static let invalidBento = Code(.invalidBento)
        /// An external tool (`ldd`, `docker`, …) failed.
        public static let toolFailed = Code(.toolFailed)

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
