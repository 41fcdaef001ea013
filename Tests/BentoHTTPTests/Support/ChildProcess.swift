import BentoTesting
import Foundation

/// `Fixtures.run` on a thread of its own: it blocks while the child runs, and a blocked
/// cooperative thread (there are as many as cores) would starve the server the child is calling.
func runChild(_ executable: String, _ arguments: [String], stdin: Data? = nil) async throws -> Fixtures.ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try Fixtures.run(executable, arguments, stdin: stdin) })
        }
        thread.start()
    }
}
