public import BentoCore

extension ONNXError: ServiceErrorConvertible {
    /// Input mistakes are 400; a library or model that cannot load is 503; anything else 500.
    public var serviceError: ServiceError {
        switch code {
        case .invalidInput, .missingInput, .unknownInput, .unknownMethod:
            ServiceError(.badInput, message, cause: self)
        case .libraryNotFound, .libraryLoadFailed, .incompatibleLibrary, .providerUnavailable, .sessionCreationFailed:
            ServiceError(.unavailable, message, cause: self)
        default:
            ServiceError(.internalError, message, cause: self)
        }
    }
}
