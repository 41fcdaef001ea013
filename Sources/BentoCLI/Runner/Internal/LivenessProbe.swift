import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// `GET /livez` on a runner's Unix socket, answered `200` within a timeout or not.
///
/// The probe is a few non-blocking socket calls with `poll` timeouts, run on a Dispatch thread
/// so that a runner that does not answer (stopped, or stuck with its event loop blocked) never
/// holds up the cooperative pool.
enum LivenessProbe {
    static func check(socket path: String, timeout: Duration) async -> Bool {
        let milliseconds = Int(timeout.components.seconds) * 1000 + Int(timeout.components.attoseconds / 1_000_000_000_000_000)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: checkNow(socket: path, timeoutMilliseconds: max(1, milliseconds)))
            }
        }
    }

    static func checkNow(socket path: String, timeoutMilliseconds: Int) -> Bool {
        #if os(Linux)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected != 0 {
            guard errno == EINPROGRESS, wait(fd, for: Int16(POLLOUT), until: deadline) else { return false }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 else { return false }
        }
        let request = Array("GET /livez HTTP/1.1\r\nHost: runner\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0, errno == EAGAIN || errno == EINTR {
                guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return false }
            } else {
                return false
            }
        }
        // The status line is all that is needed: `HTTP/1.1 200 …`.
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while answer.count < 12 {
            guard wait(fd, for: Int16(POLLIN), until: deadline) else { return false }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                answer += buffer[..<n]
            } else if n < 0, errno == EAGAIN || errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return answer.starts(with: Array("HTTP/1.1 200".utf8)) || answer.starts(with: Array("HTTP/1.0 200".utf8))
        #else
        return true
        #endif
    }

    #if os(Linux)
    private static func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return false }
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return entry.revents & (events | Int16(POLLHUP) | Int16(POLLERR)) != 0 }
            if ready == 0 { return false }
            if errno != EINTR { return false }
        }
    }
    #endif
}
