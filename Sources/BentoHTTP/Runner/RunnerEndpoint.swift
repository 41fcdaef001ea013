import BentoCore

/// Where one replica of a runner listens: a TCP host and port, or a Unix domain socket.
///
/// Parsed from a runner URL: `http://host:port` or `unix:/path/to/runner.sock`
/// (`unix:///path` also works).
///
/// ```swift
/// let endpoint = try RunnerEndpoint(url: "unix:/tmp/iris.sock")
/// ```
public struct RunnerEndpoint: Sendable, Hashable, CustomStringConvertible {
    package enum Address: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    package let address: Address

    /// Parses a runner URL.
    ///
    /// - Throws: ``ServiceError`` (bad input) naming the URL when it is neither form.
    public init(url: String) throws {
        if url.hasPrefix("unix:") {
            var path = String(url.dropFirst("unix:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard path.hasPrefix("/"), path.utf8.count < 108 else {
                throw ServiceError(.badInput, "runner URL '\(url)' must name an absolute socket path under 108 bytes, as unix:/path/to.sock")
            }
            address = .unix(path: path)
            return
        }
        guard url.hasPrefix("http://") else {
            throw ServiceError(.badInput, "runner URL '\(url)' must start with http:// or unix:")
        }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...].allSatisfy({ $0 == "/" }) else {
                throw ServiceError(.badInput, "runner URL '\(url)' must not have a path; the runner's model is found by its name")
            }
            rest = rest[..<slash]
        }
        let host: Substring
        let portText: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            portText = after.hasPrefix(":") ? after.dropFirst() : nil
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
            portText = nil
        }
        guard !host.isEmpty else { throw ServiceError(.badInput, "runner URL '\(url)' has no host") }
        let port = portText.map { Int($0) } ?? 80
        guard let port, (1...65535).contains(port) else {
            throw ServiceError(.badInput, "runner URL '\(url)' has a bad port")
        }
        address = .tcp(host: String(host), port: port)
    }

    /// The endpoint as a URL.
    public var description: String {
        switch address {
        case .tcp(let host, let port): host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// The `Host` header value.
    var hostHeader: String {
        switch address {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix: "localhost"
        }
    }
}
