/// A tensor body with optional dtype and shape constraints (`-1` matches any size).
///
/// Requests send a JSON nested array, or raw bytes as `application/octet-stream` with the dtype
/// and shape in `X-Tensor-DType` / `X-Tensor-Shape` headers (or as media-type parameters:
/// `application/octet-stream; dtype=float32; shape=1,4`). Responses are JSON unless the request's
/// `Accept` asks for `application/octet-stream`.
///
/// ```swift
/// API("embed", input: .tensor(dtype: .float32, shape: [-1, 4]), output: .tensor()) { x, _ in … }
/// ```
public struct TensorDescriptor: IODescriptor {
    /// The required dtype, or `nil` for any (JSON input is then inferred).
    public var dtype: DType?
    /// The required shape, or `nil` for any; `-1` entries match any size.
    public var shape: [Int]?

    /// Creates a descriptor.
    public init(dtype: DType? = nil, shape: [Int]? = nil) {
        self.dtype = dtype
        self.shape = shape
    }

    public func decode(_ request: APIRequest) throws -> Tensor {
        let tensor: Tensor
        do {
            if request.mediaType == "application/octet-stream" {
                tensor = try decodeBinary(request)
            } else if MediaType.isJSONCompatible(request.mediaType) {
                tensor = try Tensor(json: request.body, dtype: dtype, name: "body")
            } else {
                throw ServiceError.unsupportedMediaType(
                    request.contentType,
                    expected: ["application/json", "application/octet-stream"]
                )
            }
        } catch let error as TensorError {
            throw ServiceError(.badInput, error.message, cause: error)
        }
        try check(tensor)
        return tensor
    }

    private func decodeBinary(_ request: APIRequest) throws -> Tensor {
        let parameters = MediaType.parameters(request.contentType ?? "")
        guard let dtypeText = request.header("X-Tensor-DType") ?? parameters["dtype"] ?? dtype?.rawValue else {
            throw ServiceError(.badInput, "binary tensor body needs its dtype: set the X-Tensor-DType header")
        }
        let bodyDType = try DType(parsing: dtypeText)
        let shapeText = request.header("X-Tensor-Shape") ?? parameters["shape"]
        var bodyShape: [Int]
        if let shapeText {
            let parts = shapeText.split(separator: ",", omittingEmptySubsequences: false)
            let dims = parts.compactMap { Int($0.trimmingCharacters(in: " ")) }
            guard dims.count == parts.count, !shapeText.isEmpty else {
                throw ServiceError(.badInput, "X-Tensor-Shape '\(shapeText)' is not a comma-separated list of integers")
            }
            bodyShape = dims
        } else if let size = bodyDType.byteSize, let shape, shape.filter({ $0 < 0 }).count <= 1 {
            // Infer the one wildcard dimension from the body length.
            let known = shape.filter { $0 >= 0 }.reduce(1, *) * size
            bodyShape = shape
            if let wildcard = shape.firstIndex(of: -1) {
                guard known > 0, request.body.count % known == 0 else {
                    throw ServiceError(.badInput, "binary body of \(request.body.count) bytes does not fit shape \(shape) of \(bodyDType)")
                }
                bodyShape[wildcard] = request.body.count / known
            }
        } else {
            throw ServiceError(.badInput, "binary tensor body needs its shape: set the X-Tensor-Shape header (e.g. 1,4)")
        }
        return try Tensor(dtype: bodyDType, shape: bodyShape, bytes: request.body)
    }

    /// Throws `.badInput` unless `tensor` meets the dtype and shape constraints.
    package func check(_ tensor: Tensor, role: String = "body") throws {
        if let dtype, tensor.dtype != dtype {
            throw ServiceError(.badInput, "\(role): tensor must be \(dtype), got \(tensor.dtype)")
        }
        if let shape {
            let matches = tensor.rank == shape.count && zip(tensor.shape, shape).allSatisfy { $1 < 0 || $0 == $1 }
            guard matches else {
                throw ServiceError(.badInput, "\(role): tensor shape \(tensor.shape) does not match \(shape)")
            }
        }
    }

    public func encode(_ value: Tensor, for request: APIRequest) throws -> APIResponse {
        let accept = request.header("Accept") ?? ""
        if accept.contains("application/octet-stream") {
            return APIResponse(
                body: value.bytes,
                contentType: "application/octet-stream",
                headers: [
                    ("X-Tensor-DType", value.dtype.rawValue),
                    ("X-Tensor-Shape", value.shape.map(String.init).joined(separator: ",")),
                ]
            )
        }
        return APIResponse(body: value.jsonBytes(), contentType: "application/json")
    }

    public func openAPIContent() -> JSONValue {
        var json = SchemaDecoder.tensorSchema(dtype: dtype, rank: shape?.count)
        if let shape { json.set("description", .string("tensor of shape \(shape)\(dtype.map { " and dtype \($0)" } ?? "")")) }
        return .object([
            ("application/json", ["schema": json]),
            ("application/octet-stream", ["schema": ["type": "string", "format": "binary"]]),
        ])
    }
}

extension IODescriptor where Self == TensorDescriptor {
    /// A tensor body, optionally constrained in dtype and shape.
    public static func tensor(dtype: DType? = nil, shape: [Int]? = nil) -> TensorDescriptor {
        TensorDescriptor(dtype: dtype, shape: shape)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
