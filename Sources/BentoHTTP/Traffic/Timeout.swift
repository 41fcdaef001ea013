import HTTPTypes

/// Runs `body`, answering 504 if it takes longer than `timeout`.
///
/// The body is cancelled when the time is up; it must honour cancellation for the 504 to go out
/// at once (runner calls and sleeps do).
func withTimeout<T: Sendable>(
    _ timeout: Duration?,
    timer: DeadlineTimer,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let timeout else { return try await body() }
    let deadline = ContinuousClock.now + timeout
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await timer.wait(until: deadline)
            throw ErrorResponse(.gatewayTimeout, "the request took longer than the \(timeout) timeout")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
