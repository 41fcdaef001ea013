#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock(2)` on a lock file, shared by every process using the same store; the
/// kernel drops it if the holder dies, so a crashed import never wedges the store.
package enum FileLock {
    /// Runs `body` while holding the exclusive lock on `path` (created if missing).
    package static func withExclusiveLock<T>(at path: String, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFile.error("cannot open lock file", path) }
        defer { _ = close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw POSIXFile.error("cannot lock", path) }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
