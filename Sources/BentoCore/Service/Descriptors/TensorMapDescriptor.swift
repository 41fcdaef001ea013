/// A JSON object of named tensors, each a nested array: `{"float_input": [[5.1, 3.5, 1.4, 0.2]]}`.
///
/// With specs, each input is parsed straight into its declared dtype and checked against its
/// shape; unknown and missing names are errors that name them. The zero-code
/// `POST /<model>/predict` route uses it for inputs and outputs.
///
/// ```swift
/// API("predict", input: .tensors(model.inputs), output: .tensors(model.outputs)) { inputs, _ in
///     try await runner.run(inputs, method: "run")
/// }
/// ```
public struct TensorMapDescriptor: IODescriptor {
    /// The tensors expected, or `nil` for any names (dtypes then inferred).
    public var specs: [TensorSpec]?

    /// Creates a descriptor.
    public init(specs: [TensorSpec]? = nil) { self.specs = specs }

    public func decode(_ request: APIRequest) throws -> [String: Tensor] {
        if !MediaType.isJSONCompatible(request.mediaType) {
            throw ServiceError.unsupportedMediaType(request.contentType, expected: ["application/json"])
        }
        let result: [String: Tensor]
        do {
            result = try request.body.withUnsafeBufferPointer { buffer in try parseObject(buffer) }
        } catch let error as TensorError {
            throw ServiceError(.badInput, error.message, cause: error)
        }
        if let specs {
            for spec in specs where result[spec.name] == nil {
                throw ServiceError(.badInput, "input '\(spec.name)' is missing; the body must be an object with \(names)")
            }
            for spec in specs {
                do {
                    try spec.validate(result[spec.name]!)
                } catch {
                    throw ServiceError(.badInput, error.message, cause: error)
                }
            }
        }
        return result
    }

    private var names: String { (specs ?? []).map { "'\($0.name)'" }.joined(separator: ", ") }

    private func parseObject(_ buffer: UnsafeBufferPointer<UInt8>) throws -> [String: Tensor] {
        var i = 0
        func skip() { while i < buffer.count, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[i]) { i += 1 } }
        func fail(_ what: String) -> ServiceError { ServiceError(.badInput, "body is not valid JSON at byte \(i): \(what)") }
        skip()
        guard i < buffer.count, buffer[i] == UInt8(ascii: "{") else {
            throw fail("expected an object of named tensors, e.g. {\"\((specs?.first?.name) ?? "x")\": [[…]]}")
        }
        i += 1
        var out: [String: Tensor] = [:]
        skip()
        if i < buffer.count, buffer[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skip()
                guard i < buffer.count, buffer[i] == UInt8(ascii: "\"") else { throw fail("expected a tensor name") }
                var keyParser = JSONTensorParser(buffer, name: "body")
                let (keyBytes, afterKey) = try keyParser.parseString(at: i)
                let key = String(decoding: keyBytes, as: UTF8.self)
                i = afterKey
                skip()
                guard i < buffer.count, buffer[i] == UInt8(ascii: ":") else { throw fail("expected ':' after \"\(key)\"") }
                i += 1
                var spec: TensorSpec?
                if let specs {
                    spec = specs.first { $0.name == key }
                    guard spec != nil else { throw ServiceError(.badInput, "unknown input '\(key)'; expected \(names)") }
                }
                guard out[key] == nil else { throw ServiceError(.badInput, "input '\(key)' is given twice") }
                let (tensor, end) = try Tensor.parseJSONValue(in: buffer, from: i, dtype: spec?.dtype, name: key)
                out[key] = tensor
                i = end
                skip()
                guard i < buffer.count else { throw fail("unexpected end of JSON") }
                if buffer[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard buffer[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                i += 1
                break
            }
        }
        skip()
        guard i == buffer.count else { throw fail("unexpected text after the object") }
        return out
    }

    public func encode(_ value: [String: Tensor], for request: APIRequest) throws -> APIResponse {
        var out: [UInt8] = [UInt8(ascii: "{")]
        let order = specs?.map(\.name).filter { value[$0] != nil } ?? value.keys.sorted()
        for (k, name) in order.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.string(Array(name.utf8), into: &out)
            out.append(UInt8(ascii: ":"))
            value[name]!.writeJSON(into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return APIResponse(body: out, contentType: "application/json")
    }

    public func openAPIContent() -> JSONValue {
        guard let specs else { return Self.content("application/json", schema: ["type": "object"]) }
        let properties = specs.map { spec -> (String, JSONValue) in
            var schema = SchemaDecoder.tensorSchema(dtype: spec.dtype, rank: spec.shape.count)
            schema.set("description", .string("\(spec.dtype) tensor of shape \(spec.shape)"))
            return (spec.name, schema)
        }
        return Self.content(
            "application/json",
            schema: ["type": "object", "properties": .object(properties), "required": .array(specs.map { .string($0.name) })]
        )
    }
}

extension IODescriptor where Self == TensorMapDescriptor {
    /// A JSON object of named tensors, checked against `specs` when given.
    public static func tensors(_ specs: [TensorSpec]? = nil) -> TensorMapDescriptor { TensorMapDescriptor(specs: specs) }
}
