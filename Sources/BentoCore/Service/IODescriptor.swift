/// Turns request bodies into handler values and handler values into response bodies, and
/// describes both in the OpenAPI document.
///
/// SwiftBento ships ``JSONDescriptor`` (any `Codable`), ``TensorDescriptor``, ``TextDescriptor``,
/// ``FileDescriptor`` and ``MultipartDescriptor``; call sites use the static members:
///
/// ```swift
/// API("classify", input: .json(IrisRequest.self), output: .tensor(dtype: .int64)) { … }
/// ```
public protocol IODescriptor<Value>: Sendable {
    /// The value a handler receives or returns.
    associatedtype Value: Sendable

    /// Decodes a request body. Throws ``ServiceError`` with code `.badInput` naming what is wrong.
    func decode(_ request: APIRequest) throws -> Value

    /// Encodes a handler's result. `request` lets a descriptor honour `Accept`.
    func encode(_ value: Value, for request: APIRequest) throws -> APIResponse

    /// The OpenAPI `content` map: media type → `{"schema": …}`.
    func openAPIContent() -> JSONValue
}

extension IODescriptor {
    /// An OpenAPI content map with one media type.
    package static func content(_ mediaType: String, schema: JSONValue) -> JSONValue {
        .object([(mediaType, .object([("schema", schema)]))])
    }
}

extension ServiceError {
    /// A `.badInput` error for a body whose content type the descriptor does not accept.
    package static func unsupportedMediaType(_ got: String?, expected: [String]) -> ServiceError {
        ServiceError(
            .badInput,
            "unsupported Content-Type '\(got ?? "none")'; expected \(expected.joined(separator: " or "))"
        )
    }
}
