/// A model's `name:version`; a tag without a version, or with version `latest`, means the newest.
///
/// Names and versions match `^[a-z0-9]([-._a-z0-9]*[a-z0-9])?$` and are at most 63 characters.
///
/// ```swift
/// let tag = try Tag(parsing: "iris:2uo5fkgxj27exuqj")
/// let newest = try Tag(parsing: "iris")          // tag.version == nil
/// let fresh = Tag(name: "iris", version: Tag.generateVersion())
/// ```
public struct Tag: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The model's name.
    public var name: String
    /// The version, or `nil` for the newest (`name` and `name:latest`).
    public var version: String?

    /// Creates a tag from parts already known to be valid; use ``init(parsing:)`` for user input.
    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }

    /// Parses `name`, `name:latest` or `name:version`, naming the bad part when it fails.
    public init(parsing text: String) throws(StoreError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw StoreError(.invalidTag, "invalid tag '\(text)': use name or name:version, with one ':'")
        }
        try Self.validate(parts[0], part: "name", in: text)
        name = parts[0]
        if parts.count == 2, parts[1] != "latest" {
            try Self.validate(parts[1], part: "version", in: text)
            version = parts[1]
        } else {
            version = nil
        }
    }

    /// Whether this tag names the newest version rather than a fixed one.
    public var isLatest: Bool { version == nil }

    /// `name:version`, or `name:latest`.
    public var description: String { "\(name):\(version ?? "latest")" }

    /// Throws unless `value` is a valid name or version; `part` (`"name"`, `"version"`) goes in the message.
    public static func validate(_ value: String, part: String, in text: String? = nil) throws(StoreError) {
        let context = text.map { " in tag '\($0)'" } ?? ""
        guard !value.isEmpty else {
            throw StoreError(.invalidTag, "the \(part)\(context) is empty; give a \(part) such as 'iris'")
        }
        guard value.utf8.count <= 63 else {
            throw StoreError(.invalidTag, "the \(part) '\(value)'\(context) is longer than 63 characters; shorten it")
        }
        let bytes = Array(value.utf8)
        func isEdge(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
        func isInner(_ b: UInt8) -> Bool { isEdge(b) || b == 0x2d || b == 0x2e || b == 0x5f }
        guard isEdge(bytes.first!), isEdge(bytes.last!), bytes.allSatisfy(isInner) else {
            throw StoreError(
                .invalidTag,
                "the \(part) '\(value)'\(context) is invalid: use lowercase letters, digits, '-', '.' and '_', "
                    + "starting and ending with a letter or digit"
            )
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Tag(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
