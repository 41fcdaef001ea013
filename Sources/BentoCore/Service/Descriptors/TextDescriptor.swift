/// A UTF-8 text body (`text/plain`).
///
/// ```swift
/// API("tokenize", input: .text, output: .json([Int].self)) { sentence, _ in … }
/// ```
public struct TextDescriptor: IODescriptor {
    /// Creates a descriptor.
    public init() {}

    public func decode(_ request: APIRequest) throws -> String {
        if let media = request.mediaType, !media.hasPrefix("text/") {
            throw ServiceError.unsupportedMediaType(request.contentType, expected: ["text/plain"])
        }
        guard let text = String(validating: request.body, as: UTF8.self) else {
            throw ServiceError(.badInput, "body is not valid UTF-8 text")
        }
        return text
    }

    public func encode(_ value: String, for request: APIRequest) throws -> APIResponse {
        APIResponse(body: Array(value.utf8), contentType: "text/plain; charset=utf-8")
    }

    public func openAPIContent() -> JSONValue { Self.content("text/plain", schema: ["type": "string"]) }
}

extension IODescriptor where Self == TextDescriptor {
    /// A UTF-8 text body.
    public static var text: TextDescriptor { TextDescriptor() }
}
