public import Foundation

/// A JSON body of any `Codable` type, with an optional validation closure.
///
/// Decode errors name the field path and the problem (`field 'features[0]': expected Float, found a string`).
///
/// ```swift
/// struct Features: Codable, Sendable { var values: [Float] }
/// let input = JSONDescriptor(Features.self) { f in
///     guard f.values.count == 4 else { throw ValidationError("values must have 4 elements") }
/// }
/// ```
public struct JSONDescriptor<Value: Codable & Sendable>: IODescriptor {
    private let validate: (@Sendable (Value) throws -> Void)?
    private let schema: JSONValue

    /// Creates a descriptor; `validate` may reject a decoded value by throwing.
    public init(_ type: Value.Type = Value.self, validate: (@Sendable (Value) throws -> Void)? = nil) {
        self.validate = validate
        self.schema = SchemaDecoder.schema(for: Value.self)
    }

    public func decode(_ request: APIRequest) throws -> Value {
        if !MediaType.isJSONCompatible(request.mediaType) {
            throw ServiceError.unsupportedMediaType(request.contentType, expected: ["application/json"])
        }
        let value: Value
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(request.body))
        } catch let error as DecodingError {
            var message = JSONDescriptorErrors.describe(error)
            if let type = request.mediaType, type != "application/json", case .dataCorrupted = error {
                message += " (it was sent as \(type); send JSON with Content-Type: application/json)"
            }
            throw ServiceError(.badInput, message, detail: JSONDescriptorErrors.path(of: error))
        }
        if let validate {
            do {
                try validate(value)
            } catch let error as ServiceError {
                throw error
            } catch let error as ValidationError {
                throw ServiceError(.badInput, error.message, cause: error)
            } catch {
                throw ServiceError(.badInput, "invalid input: \(error)", cause: error)
            }
        }
        return value
    }

    public func encode(_ value: Value, for request: APIRequest) throws -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return APIResponse(body: Array(try encoder.encode(value)), contentType: "application/json")
    }

    public func openAPIContent() -> JSONValue { Self.content("application/json", schema: schema) }
}

extension IODescriptor {
    /// A JSON body of `type`, optionally validated.
    public static func json<T: Codable & Sendable>(
        _ type: T.Type,
        validate: (@Sendable (T) throws -> Void)? = nil
    ) -> Self where Self == JSONDescriptor<T> {
        JSONDescriptor(type, validate: validate)
    }
}

/// A validation failure with a message of the caller's choosing; it becomes a 400.
public struct ValidationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the value.
    public var message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

enum JSONDescriptorErrors {
    static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c):
            return render(c.codingPath + [key])
        @unknown default: return ""
        }
        return render(context.codingPath)
    }

    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func describe(_ error: DecodingError) -> String {
        let field = path(of: error)
        let at = field.isEmpty ? "body" : "field '\(field)'"
        switch error {
        case .typeMismatch(let type, _):
            return "\(at): expected \(typeName(type))"
        case .valueNotFound(let type, _):
            return "\(at): expected \(typeName(type)), found null"
        case .keyNotFound:
            return "\(at): required field is missing"
        case .dataCorrupted(let c):
            if field.isEmpty { return "body is not valid JSON: \(c.debugDescription)" }
            return "\(at): \(c.debugDescription)"
        @unknown default:
            return "\(at): \(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array<") || name.hasPrefix("[") { return "an array" }
        if name.hasPrefix("Dictionary<") { return "an object" }
        switch name {
        case "String": return "a string"
        case "Bool": return "a bool"
        case "Double", "Float", "Float16": return "a number"
        case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64": return "an integer"
        default: return name
        }
    }
}
