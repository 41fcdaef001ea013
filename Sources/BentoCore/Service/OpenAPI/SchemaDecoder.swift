public import Foundation

/// Derives a JSON Schema from a `Decodable` type by decoding it once through a recording decoder:
/// every key the type asks for becomes a property, every value type a schema. Optional fields
/// (`decodeIfPresent`) are not required. Types whose `init(from:)` rejects the placeholder values
/// keep the part of the schema recorded up to that point.
package enum SchemaDecoder {
    package static func schema<T: Decodable>(for type: T.Type) -> JSONValue {
        let root = SchemaNode()
        _ = try? SchemaRecorder(node: root).decodeValue(T.self)
        return root.json()
    }

    /// Nested arrays `rank` deep (any depth when `nil`) of the dtype's JSON type.
    package static func tensorSchema(dtype: DType?, rank: Int?) -> JSONValue {
        var leaf: JSONValue
        switch dtype {
        case .none: leaf = [:]
        case .some(let d) where d == .string: leaf = ["type": "string"]
        case .some(let d) where d == .bool: leaf = ["type": "boolean"]
        case .some(let d) where d.isInteger: leaf = ["type": "integer"]
        default: leaf = ["type": "number"]
        }
        guard let rank else { return ["type": "array", "items": [:]] }
        for _ in 0..<rank { leaf = ["type": "array", "items": leaf] }
        return leaf
    }
}

final class SchemaNode {
    enum Kind {
        case any, string, number, integer, boolean, tensor
        case array(SchemaNode)
        case object([(key: String, node: SchemaNode, required: Bool)])
        case dictionary(SchemaNode)
    }
    var kind: Kind = .any

    func json() -> JSONValue {
        switch kind {
        case .any: return [:]
        case .string: return ["type": "string"]
        case .number: return ["type": "number"]
        case .integer: return ["type": "integer"]
        case .boolean: return ["type": "boolean"]
        case .tensor: return SchemaDecoder.tensorSchema(dtype: nil, rank: nil)
        case .array(let items): return ["type": "array", "items": items.json()]
        case .dictionary(let values): return ["type": "object", "additionalProperties": values.json()]
        case .object(let properties):
            var schema: JSONValue = ["type": "object", "properties": .object(properties.map { ($0.key, $0.node.json()) })]
            let required = properties.filter(\.required).map { JSONValue.string($0.key) }
            if !required.isEmpty { schema.set("required", .array(required)) }
            return schema
        }
    }

    func addProperty(_ key: String, required: Bool) -> SchemaNode {
        let child = SchemaNode()
        if case .object(var properties) = kind {
            properties.append((key, child, required))
            kind = .object(properties)
        }
        return child
    }
}

struct SchemaRecorder: Decoder {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .object = node.kind {} else { node.kind = .object([]) }
        return KeyedDecodingContainer(KeyedRecorder<Key>(node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let items = SchemaNode()
        node.kind = .array(items)
        return UnkeyedRecorder(items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleRecorder(node: node) }

    /// Decodes `T`, short-circuiting the types whose placeholder decoding would fail.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Tensor.self {
            node.kind = .tensor
            return Tensor(scalar: Float(0)) as! T
        }
        if T.self == Date.self {
            node.kind = .string
            return Date(timeIntervalSince1970: 0) as! T
        }
        if T.self == URL.self {
            node.kind = .string
            return URL(fileURLWithPath: "/") as! T
        }
        if T.self == Data.self {
            node.kind = .string
            return Data() as! T
        }
        if let iterable = T.self as? any CaseIterable.Type, let first = firstCase(of: iterable) as? T {
            node.kind = .string
            return first
        }
        if let dictionary = T.self as? any StringKeyedDictionary.Type {
            let values = SchemaNode()
            node.kind = .dictionary(values)
            try dictionary.recordValueSchema(into: values)
            return try T(from: EmptyDecoder())
        }
        return try T(from: self)
    }

    private func firstCase<C: CaseIterable>(of type: C.Type) -> Any? { C.allCases.first }
}

/// `[String: V]` dictionaries: record V's schema, then build an empty dictionary.
protocol StringKeyedDictionary {
    static func recordValueSchema(into node: SchemaNode) throws
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func recordValueSchema(into node: SchemaNode) throws {
        _ = try? SchemaRecorder(node: node).decodeValue(Value.self)
    }
}

/// Decodes an empty keyed container (an empty dictionary).
struct EmptyDecoder: Decoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedRecorder<Key>(node: SchemaNode(), empty: true))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { UnkeyedRecorder(items: SchemaNode(), done: true) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleRecorder(node: SchemaNode()) }
}

struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: SchemaNode
    var empty = false
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { !empty }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func record<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
        let child = node.addProperty(key.stringValue, required: required)
        return try SchemaRecorder(node: child).decodeValue(T.self)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try record(T.self, key, required: true) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try record(T.self, key, required: false)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try record(Bool.self, key, required: true) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try record(String.self, key, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try record(Double.self, key, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try record(Float.self, key, required: true) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try record(Int.self, key, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try record(Int64.self, key, required: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try record(Int32.self, key, required: true) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try record(Bool.self, key, required: false) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try record(String.self, key, required: false) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try record(Double.self, key, required: false) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try record(Float.self, key, required: false) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try record(Int.self, key, required: false) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try record(Int64.self, key, required: false) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try SchemaRecorder(node: node.addProperty(key.stringValue, required: true)).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try SchemaRecorder(node: node.addProperty(key.stringValue, required: true)).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { SchemaRecorder(node: node) }
    func superDecoder(forKey key: Key) throws -> any Decoder { SchemaRecorder(node: node.addProperty(key.stringValue, required: true)) }
}

/// Decodes exactly one element, which gives the array's item schema.
struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let items: SchemaNode
    var done = false
    var codingPath: [any CodingKey] = []
    var count: Int? { done ? 0 : nil }
    var isAtEnd: Bool { done }
    var currentIndex = 0

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        done = true
        currentIndex += 1
        return try SchemaRecorder(node: items).decodeValue(T.self)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        done = true
        return try SchemaRecorder(node: items).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        done = true
        return try SchemaRecorder(node: items).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { SchemaRecorder(node: items) }
}

struct SingleRecorder: SingleValueDecodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool {
        node.kind = .boolean
        return false
    }
    func decode(_ type: String.Type) throws -> String {
        node.kind = .string
        return ""
    }
    func decode(_ type: Double.Type) throws -> Double { number(0) }
    func decode(_ type: Float.Type) throws -> Float { number(0) }
    func decode(_ type: Int.Type) throws -> Int { integer(0) }
    func decode(_ type: Int8.Type) throws -> Int8 { integer(0) }
    func decode(_ type: Int16.Type) throws -> Int16 { integer(0) }
    func decode(_ type: Int32.Type) throws -> Int32 { integer(0) }
    func decode(_ type: Int64.Type) throws -> Int64 { integer(0) }
    func decode(_ type: UInt.Type) throws -> UInt { integer(0) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { integer(0) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { integer(0) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { integer(0) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { integer(0) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try SchemaRecorder(node: node).decodeValue(T.self) }

    private func number<T>(_ value: T) -> T {
        node.kind = .number
        return value
    }
    private func integer<T>(_ value: T) -> T {
        node.kind = .integer
        return value
    }
}
