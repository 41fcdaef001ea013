import BentoCore

extension InferenceRequest {
    /// Decodes an infer request body.
    ///
    /// - Parameters:
    ///   - body: the whole (decompressed) body.
    ///   - headerLength: the `Inference-Header-Content-Length` value: the JSON envelope's length,
    ///     with binary tensor bytes after it. `nil` when the header is absent (all JSON).
    /// - Throws: ``OIPError`` with ``OIPError/Code/badInput`` naming the input or header at fault.
    package init(body: UnsafeRawBufferPointer, headerLength: Int?) throws(OIPError) {
        let bytes = body.assumingMemoryBound(to: UInt8.self)
        if let headerLength {
            guard headerLength >= 0, headerLength <= bytes.count else {
                throw OIPError(
                    .badInput,
                    "Inference-Header-Content-Length is \(headerLength) but the body has \(bytes.count) bytes"
                )
            }
        }
        let end = headerLength ?? bytes.count
        let json = UnsafeBufferPointer(rebasing: bytes[0..<end])
        var scanner = JSONScanner(json)
        var request = InferenceRequest(inputs: [])
        var binarySizes: [Int?] = []
        var sawInputs = false
        do {
            try scanner.readObject { (s, key) throws(OIPError) in
                switch key {
                case "id":
                    request.id = try s.readString()
                case "inputs":
                    sawInputs = true
                    try s.readArray { (s, index) throws(OIPError) in
                        let (input, size) = try Self.decodeInput(&s, index: index)
                        request.inputs.append(input)
                        binarySizes.append(size)
                    }
                case "outputs":
                    var outputs: [RequestedOutput] = []
                    try s.readArray { (s, index) throws(OIPError) in outputs.append(try Self.decodeOutput(&s, index: index)) }
                    request.outputs = outputs
                case "parameters":
                    request.parameters = try Self.decodeParameters(&s)
                default:
                    try s.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            if headerLength != nil, error.message.hasPrefix("malformed JSON") {
                throw OIPError(
                    .badInput,
                    "\(error.message) (the JSON header is the first \(end) bytes, per Inference-Header-Content-Length)"
                )
            }
            throw error
        }
        guard sawInputs else { throw OIPError(.badInput, "the request has no 'inputs'") }
        try request.attachBinaryData(bytes, from: end, sizes: binarySizes, hasHeader: headerLength != nil)
        self = request
    }

    /// Decodes an infer request body held in an array.
    package init(body: [UInt8], headerLength: Int?) throws(OIPError) {
        do {
            self = try body.withUnsafeBytes { raw in try InferenceRequest(body: raw, headerLength: headerLength) }
        } catch let error as OIPError {
            throw error
        } catch {
            throw OIPError(.badInput, "\(error)")
        }
    }

    mutating func attachBinaryData(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        sizes: [Int?],
        hasHeader: Bool
    ) throws(OIPError) {
        let declared = sizes.reduce(0) { $0 + ($1 ?? 0) }
        let available = bytes.count - start
        if !hasHeader {
            if let index = sizes.firstIndex(where: { $0 != nil }) {
                throw OIPError(
                    .badInput,
                    "input '\(inputs[index].name)' has binary_data_size but the request has no Inference-Header-Content-Length header"
                )
            }
            return
        }
        guard declared == available else {
            throw OIPError(
                .badInput,
                "the binary section after the JSON header has \(available) bytes but the inputs' binary_data_size add up to \(declared)"
            )
        }
        var offset = start
        for (index, size) in sizes.enumerated() {
            guard let size else { continue }
            let input = inputs[index]
            let data = Array(bytes[offset..<(offset + size)])
            offset += size
            do {
                inputs[index].tensor = try Tensor(dtype: input.tensor.dtype, shape: input.tensor.shape, bytes: data)
            } catch {
                throw OIPError(.badInput, "input '\(input.name)': \(error.message)")
            }
        }
    }

    /// Decodes one tensor of an `inputs` array (or, with `role` "output", of a response's `outputs`).
    static func decodeInput(_ s: inout JSONScanner, index: Int, role: String = "input") throws(OIPError) -> (Input, Int?) {
        var name: String?
        var shape: [Int]?
        var dtype: DType?
        var datatypeText: String?
        var parameters: [String: InferenceParameter] = [:]
        var tensor: Tensor?
        var deferredData: Int?
        var label: String { name.map { "\(role) '\($0)'" } ?? "\(role) \(index)" }

        func parseData(at offset: Int, _ s: inout JSONScanner, dtype: DType) throws(OIPError) -> Tensor {
            do {
                let (parsed, end) = try Tensor.parseJSONValue(in: s.bytes, from: offset, dtype: dtype, name: label)
                s.position = end
                return parsed
            } catch {
                throw OIPError(.badInput, error.message)
            }
        }

        try s.readObject { (s, key) throws(OIPError) in
            switch key {
            case "name": name = try s.readString()
            case "datatype":
                let text = try s.readString()
                datatypeText = text
                dtype = try? DType(parsing: text)
            case "shape":
                var dims: [Int] = []
                try s.readArray { (s, _) throws(OIPError) in dims.append(try s.readInt()) }
                shape = dims
            case "parameters": parameters = try decodeParameters(&s)
            case "data":
                if let dtype {
                    tensor = try parseData(at: s.position, &s, dtype: dtype)
                } else {
                    s.skipWhitespace()
                    deferredData = s.position
                    try s.skipValue()
                }
            default: try s.skipValue()
            }
        }
        guard let name else { throw OIPError(.badInput, "\(role) \(index) has no 'name'") }
        guard let datatypeText else { throw OIPError(.badInput, "\(label) has no 'datatype'") }
        guard let dtype else {
            throw OIPError(
                .badInput,
                "\(label) has unknown datatype '\(datatypeText)'; expected one of BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64, BYTES"
            )
        }
        guard let shape else { throw OIPError(.badInput, "\(label) has no 'shape'") }
        if let bad = shape.firstIndex(where: { $0 < 0 }) {
            throw OIPError(.badInput, "\(label) has a negative dimension at \(bad) in shape \(shape)")
        }
        if parameters["shared_memory_region"] != nil {
            throw OIPError(.badInput, "\(label) uses shared memory, which this server does not support")
        }
        let binarySize = parameters["binary_data_size"]
        if let binarySize {
            guard let size = binarySize.int, size >= 0 else {
                throw OIPError(.badInput, "\(label): binary_data_size must be a non-negative integer")
            }
            guard tensor == nil, deferredData == nil else {
                throw OIPError(.badInput, "\(label) has both 'data' and binary_data_size")
            }
            // A placeholder carrying dtype and shape; the bytes are attached after the envelope.
            return (Input(name: name, tensor: Tensor(unchecked: dtype, shape: shape, bytes: []), parameters: parameters), size)
        }
        if tensor == nil, let deferredData {
            var replay = s
            tensor = try parseData(at: deferredData, &replay, dtype: dtype)
        }
        guard let parsed = tensor else {
            throw OIPError(.badInput, "\(label) has neither 'data' nor binary_data_size")
        }
        do {
            let shaped = try parsed.reshaped(shape, name: label)
            return (Input(name: name, tensor: shaped, parameters: parameters), nil)
        } catch {
            throw OIPError(.badInput, error.message)
        }
    }

    private static func decodeOutput(_ s: inout JSONScanner, index: Int) throws(OIPError) -> RequestedOutput {
        var name: String?
        var parameters: [String: InferenceParameter] = [:]
        try s.readObject { (s, key) throws(OIPError) in
            switch key {
            case "name": name = try s.readString()
            case "parameters": parameters = try decodeParameters(&s)
            default: try s.skipValue()
            }
        }
        guard let name else { throw OIPError(.badInput, "output \(index) has no 'name'") }
        if let count = parameters["classification"]?.int, count > 0 {
            throw OIPError(.badInput, "output '\(name)' asks for classification, which this server does not support")
        }
        if parameters["shared_memory_region"] != nil {
            throw OIPError(.badInput, "output '\(name)' uses shared memory, which this server does not support")
        }
        return RequestedOutput(name: name, binary: parameters["binary_data"]?.bool)
    }

    private static func decodeParameters(_ s: inout JSONScanner) throws(OIPError) -> [String: InferenceParameter] {
        var result: [String: InferenceParameter] = [:]
        try s.readObject { (s, key) throws(OIPError) in
            if let value = try s.readParameterValue() { result[key] = value }
        }
        return result
    }
}
