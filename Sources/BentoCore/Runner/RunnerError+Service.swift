extension RunnerError: ServiceErrorConvertible {
    /// Shed and shut-down requests are 503 with `Retry-After`, bad inputs 400; a runnable's own
    /// failure is what its cause says it is (a model still loading is 503, a bad tensor 400).
    public var serviceError: ServiceError {
        switch code {
        case .overloaded: ServiceError(.overloaded, message, retryAfter: 1, cause: self)
        case .shutdown: ServiceError(.unavailable, message, retryAfter: 1, cause: self)
        case .cancelled: ServiceError(.unavailable, message, cause: self)
        case .invalidInput: ServiceError(.badInput, message, cause: self)
        case .runnableFailed:
            if let cause { ServiceError.from(cause) } else { ServiceError(.internalError, message, cause: self) }
        default: ServiceError(.internalError, message, cause: self)
        }
    }
}
