/// A `multipart/form-data` body whose named parts each go through their own descriptor.
///
/// ```swift
/// let input = MultipartDescriptor([
///     ("image", .file(allowing: ["image/*"])),
///     ("options", .json(Options.self)),
/// ])
/// API("detect", input: input, output: .json(Boxes.self)) { parts, _ in
///     let image = try parts.value("image", as: FileValue.self)
///     …
/// }
/// ```
public struct MultipartDescriptor: IODescriptor {
    /// The fields in order: name and descriptor.
    public let fields: [(name: String, descriptor: any IODescriptor)]
    /// Field names that may be absent.
    public var optionalFields: Set<String>

    /// Creates a descriptor from named parts.
    public init(_ fields: [(String, any IODescriptor)], optional: Set<String> = []) {
        self.fields = fields.map { (name: $0.0, descriptor: $0.1) }
        self.optionalFields = optional
    }

    public func decode(_ request: APIRequest) throws -> MultipartValue {
        guard request.mediaType == "multipart/form-data" else {
            throw ServiceError.unsupportedMediaType(request.contentType, expected: ["multipart/form-data"])
        }
        guard let boundary = MediaType.parameters(request.contentType ?? "")["boundary"], !boundary.isEmpty else {
            throw ServiceError(.badInput, "multipart body has no boundary parameter in its Content-Type")
        }
        let parts = try MultipartParser.parse(request.body, boundary: boundary)
        var values: [String: any Sendable] = [:]
        for field in fields {
            guard let part = parts.first(where: { $0.name == field.name }) else {
                if optionalFields.contains(field.name) { continue }
                throw ServiceError(.badInput, "multipart field '\(field.name)' is missing")
            }
            let sub = APIRequest(body: part.body, contentType: part.contentType, headers: part.headers)
            do {
                var value = try field.descriptor.decode(sub) as any Sendable
                if var file = value as? FileValue, let filename = part.filename {
                    file.filename = filename
                    value = file
                }
                values[field.name] = value
            } catch let error as ServiceError {
                throw ServiceError(.badInput, "multipart field '\(field.name)': \(error.message)", detail: field.name)
            }
        }
        return MultipartValue(values: values)
    }

    public func encode(_ value: MultipartValue, for request: APIRequest) throws -> APIResponse {
        let boundary = "bento-boundary-7f3a9c"
        var body: [UInt8] = []
        for field in fields {
            guard let fieldValue = value.values[field.name] else { continue }
            let part = try field.descriptor.encodeAny(fieldValue, for: request, field: field.name)
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n".utf8)
            body += Array("Content-Type: \(part.contentType)\r\n\r\n".utf8)
            body += part.body
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return APIResponse(body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    public func openAPIContent() -> JSONValue {
        var properties: [(String, JSONValue)] = []
        for field in fields {
            let content = field.descriptor.openAPIContent()
            var schema: JSONValue = ["type": "string", "format": "binary"]
            if case .object(let pairs) = content, let first = pairs.first, first.0 != "application/octet-stream",
                let s = first.1["schema"], s["format"] != "binary"
            {
                schema = s
            }
            properties.append((field.name, schema))
        }
        let required = fields.map(\.name).filter { !optionalFields.contains($0) }.map(JSONValue.string)
        return Self.content(
            "multipart/form-data",
            schema: ["type": "object", "properties": .object(properties), "required": .array(required)]
        )
    }
}

extension IODescriptor {
    /// Encodes a type-erased value, checking it is this descriptor's type.
    fileprivate func encodeAny(_ value: any Sendable, for request: APIRequest, field: String) throws -> APIResponse {
        guard let typed = value as? Value else {
            throw ServiceError(.internalError, "multipart field '\(field)' holds a \(type(of: value)), expected \(Value.self)")
        }
        return try encode(typed, for: request)
    }
}

extension IODescriptor where Self == MultipartDescriptor {
    /// A `multipart/form-data` body of named parts.
    public static func multipart(_ fields: [(String, any IODescriptor)], optional: Set<String> = []) -> MultipartDescriptor {
        MultipartDescriptor(fields, optional: optional)
    }
}

/// The decoded parts of a multipart body.
public struct MultipartValue: Sendable {
    /// Decoded values by field name.
    public var values: [String: any Sendable]

    /// Creates a value from decoded parts.
    public init(values: [String: any Sendable]) { self.values = values }

    /// The decoded value of field `name`.
    public func value<T>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = values[name] else { throw ServiceError(.badInput, "multipart field '\(name)' is missing") }
        guard let typed = value as? T else {
            throw ServiceError(.internalError, "multipart field '\(name)' is a \(Swift.type(of: value)), not \(T.self)")
        }
        return typed
    }
}
