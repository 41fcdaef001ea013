package import BentoCore

extension InferenceResponse {
    /// Decodes an infer response body into its output tensors by name, with JSON `data` or binary
    /// outputs after the JSON header (`headerLength`, from `Inference-Header-Content-Length`).
    ///
    /// - Throws: ``OIPError`` naming the output or header at fault.
    package static func decodeOutputs(body: UnsafeRawBufferPointer, headerLength: Int?) throws(OIPError) -> [String: Tensor] {
        let bytes = body.assumingMemoryBound(to: UInt8.self)
        if let headerLength, headerLength < 0 || headerLength > bytes.count {
            throw OIPError(.badInput, "Inference-Header-Content-Length is \(headerLength) but the response has \(bytes.count) bytes")
        }
        let end = headerLength ?? bytes.count
        var scanner = JSONScanner(UnsafeBufferPointer(rebasing: bytes[0..<end]))
        // The outputs have the shape of a request's inputs, so the same decoder reads them.
        var response = InferenceRequest(inputs: [])
        var sizes: [Int?] = []
        var sawOutputs = false
        try scanner.readObject { (s, key) throws(OIPError) in
            guard key == "outputs" else { return try s.skipValue() }
            sawOutputs = true
            try s.readArray { (s, index) throws(OIPError) in
                let (output, size) = try InferenceRequest.decodeInput(&s, index: index, role: "output")
                response.inputs.append(output)
                sizes.append(size)
            }
        }
        try scanner.expectEnd()
        guard sawOutputs else { throw OIPError(.badInput, "the response has no 'outputs'") }
        try response.attachBinaryData(bytes, from: end, sizes: sizes, hasHeader: headerLength != nil)
        return response.tensors
    }
}
