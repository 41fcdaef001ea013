/// A YAML/JSON value kept in `model.yaml`'s `metadata`, `options` and `context`, so that whatever a
/// user (or BentoML) stored there survives import and export unchanged.
///
/// ```swift
/// let metadata: [String: MetadataValue] = ["accuracy": .double(0.97), "owner": "ml-team"]
/// ```
public enum MetadataValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([MetadataValue])
    case dictionary([String: MetadataValue])

    /// Creates a string value.
    public init(stringLiteral value: String) { self = .string(value) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Int.self) {
            self = .int(v)
        } else if let v = try? c.decode(Double.self) {
            self = .double(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([MetadataValue].self) {
            self = .array(v)
        } else {
            self = .dictionary(try c.decode([String: MetadataValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .dictionary(let v): try c.encode(v)
        }
    }

    /// The value as it would read in YAML flow style (`0.97`, `ml-team`, `[1, 2]`).
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let v): "\(v)"
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v
        case .array(let v): "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .dictionary(let v):
            "{" + v.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
