/// The transport-neutral request an ``API`` receives: the body bytes and the request's metadata.
public struct APIRequest: Sendable {
    /// The raw body (already decompressed by the frontend).
    public var body: [UInt8]
    /// The `Content-Type`, if any, as sent.
    public var contentType: String?
    /// Request headers in arrival order; names as sent.
    public var headers: [(name: String, value: String)]
    /// Query parameters (the last value wins when a name repeats).
    public var query: [String: String]

    /// Creates a request.
    public init(
        body: [UInt8],
        contentType: String? = nil,
        headers: [(name: String, value: String)] = [],
        query: [String: String] = [:]
    ) {
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.query = query
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The media type of `contentType`, lowercased and without parameters (`application/json`).
    public var mediaType: String? { contentType.map(MediaType.essence) }
}

/// The transport-neutral response an ``API`` produces.
public struct APIResponse: Sendable {
    /// The body bytes.
    public var body: [UInt8]
    /// The `Content-Type`.
    public var contentType: String
    /// Extra response headers set by the descriptor (e.g. a binary tensor's shape).
    public var headers: [(name: String, value: String)]

    /// Creates a response.
    public init(body: [UInt8], contentType: String, headers: [(name: String, value: String)] = []) {
        self.body = body
        self.contentType = contentType
        self.headers = headers
    }
}

/// Helpers for media types.
package enum MediaType {
    /// `type/subtype` lowercased, without parameters.
    package static func essence(_ value: String) -> String {
        let head = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        return head.trimmingWhitespace().lowercased()
    }

    /// The parameters of a media type (`charset`, `boundary`, …), names lowercased, quotes removed.
    package static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var v = String(pair[1]).trimmingWhitespace()
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            result[String(pair[0]).trimmingWhitespace().lowercased()] = v
        }
        return result
    }

    /// Whether a body of this media type is read as JSON: none given, `application/json`, any
    /// `+json` type, and the types command-line clients send by default (`curl -d` sends
    /// `application/x-www-form-urlencoded`) and `*/*`.
    package static func isJSONCompatible(_ essence: String?) -> Bool {
        guard let essence else { return true }
        switch essence {
        case "application/json", "application/x-www-form-urlencoded", "*/*": return true
        default: return essence.hasSuffix("+json")
        }
    }

    /// Whether `value` matches `pattern`, which may be `type/*` or `*/*`.
    package static func matches(_ value: String, pattern: String) -> Bool {
        let v = essence(value)
        let p = essence(pattern)
        if p == "*/*" || p == v { return true }
        if p.hasSuffix("/*") { return v.hasPrefix(String(p.dropLast(1))) }
        return false
    }
}

extension String {
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }

    package func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
