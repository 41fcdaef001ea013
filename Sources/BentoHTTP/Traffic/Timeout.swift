import HTTPTypes

/// Runs `body`, answering 504 if it takes longer than `timeout`.
///
/// The body runs in one child task, which ``DeadlineTimer`` cancels when the time is up; it must
/// honour cancellation for the 504 to go out at once (runner calls and sleeps do). The caller's
/// own task is never cancelled: Hummingbird serves every request of a connection in one task.
/// One child and a table entry cost less per request than a second child task parked on a timer.
func withTimeout<T: Sendable>(
    _ timeout: Duration?,
    timer: DeadlineTimer,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let timeout else { return try await body() }
    let deadline = ContinuousClock.now + timeout
    let outcome = try await withThrowingTaskGroup(of: Result<T, any Error>?.self) { group in
        group.addTask {
            let id = withUnsafeCurrentTask { task in timer.cancel(task.map(DeadlineTimer.TaskReference.init), at: deadline) }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            // `false`: the deadline passed first (and this task was cancelled under it).
            return timer.unschedule(id) ? result : nil
        }
        return try await group.next()!
    }
    guard let outcome else { throw ErrorResponse(.gatewayTimeout, "the request took longer than the \(timeout) timeout") }
    return try outcome.get()
}
