/// The bytes of an uploaded file and what the client said about them.
public struct FileValue: Sendable, Hashable {
    /// The file's bytes.
    public var bytes: [UInt8]
    /// The content type sent with it (`image/png`, …).
    public var contentType: String
    /// The file name, when sent in a multipart part.
    public var filename: String?

    /// Creates a file value.
    public init(bytes: [UInt8], contentType: String = "application/octet-stream", filename: String? = nil) {
        self.bytes = bytes
        self.contentType = contentType
        self.filename = filename
    }
}

/// A file or raw-bytes body, restricted to a list of content types (`image/*` patterns allowed).
///
/// ```swift
/// API("ocr", input: .file(allowing: ["image/png", "image/jpeg"]), output: .text) { file, _ in … }
/// ```
public struct FileDescriptor: IODescriptor {
    /// Accepted content types; `*/*` accepts anything.
    public var allowedContentTypes: [String]

    /// Creates a descriptor.
    public init(allowing contentTypes: [String] = ["*/*"]) {
        self.allowedContentTypes = contentTypes
    }

    public func decode(_ request: APIRequest) throws -> FileValue {
        let type = request.contentType ?? "application/octet-stream"
        guard allowedContentTypes.contains(where: { MediaType.matches(type, pattern: $0) }) else {
            throw ServiceError(
                .badInput,
                "file of type '\(MediaType.essence(type))' is not allowed; expected \(allowedContentTypes.joined(separator: ", "))"
            )
        }
        return FileValue(bytes: request.body, contentType: type)
    }

    public func encode(_ value: FileValue, for request: APIRequest) throws -> APIResponse {
        var headers: [(name: String, value: String)] = []
        if let filename = value.filename {
            headers.append(("Content-Disposition", "attachment; filename=\"\(filename)\""))
        }
        return APIResponse(body: value.bytes, contentType: value.contentType, headers: headers)
    }

    public func openAPIContent() -> JSONValue {
        let schema: JSONValue = ["type": "string", "format": "binary"]
        return .object(allowedContentTypes.map { ($0, ["schema": schema]) })
    }
}

extension IODescriptor where Self == FileDescriptor {
    /// A file body of one of `contentTypes`.
    public static func file(allowing contentTypes: [String] = ["*/*"]) -> FileDescriptor {
        FileDescriptor(allowing: contentTypes)
    }
}
