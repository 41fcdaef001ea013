import BentoCore
package import NIOCore

extension InferenceRequest {
    /// Encodes the request with every input's bytes after the JSON header (the binary tensor
    /// extension) and asks for binary outputs, so no tensor data goes through JSON.
    ///
    /// Returns the body and the header's length (the `Inference-Header-Content-Length` value).
    package func encodedBinary(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> (body: ByteBuffer, headerLength: Int) {
        var json: [UInt8] = []
        json.reserveCapacity(96 + inputs.count * 96)
        JSONWriter.literal("{", into: &json)
        if let id {
            JSONWriter.literal("\"id\":", into: &json)
            JSONWriter.string(Array(id.utf8), into: &json)
            json.append(UInt8(ascii: ","))
        }
        JSONWriter.literal("\"inputs\":[", into: &json)
        var dataSize = 0
        for (index, input) in inputs.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            OIPJSON.writeTensorHeader(name: input.name, tensor: input.tensor, into: &json)
            JSONWriter.literal(",\"parameters\":{\"binary_data_size\":", into: &json)
            JSONWriter.integer(input.tensor.bytes.count, into: &json)
            JSONWriter.literal("}}", into: &json)
            dataSize += input.tensor.bytes.count
        }
        json.append(UInt8(ascii: "]"))
        if let outputs {
            JSONWriter.literal(",\"outputs\":[", into: &json)
            for (index, output) in outputs.enumerated() {
                if index > 0 { json.append(UInt8(ascii: ",")) }
                JSONWriter.literal("{\"name\":", into: &json)
                JSONWriter.string(Array(output.name.utf8), into: &json)
                JSONWriter.literal(",\"parameters\":{\"binary_data\":true}}", into: &json)
            }
            json.append(UInt8(ascii: "]"))
        }
        JSONWriter.literal(",\"parameters\":{\"binary_data_output\":true}}", into: &json)
        var body = allocator.buffer(capacity: json.count + dataSize)
        body.writeBytes(json)
        for input in inputs { body.writeBytes(input.tensor.bytes) }
        return (body, json.count)
    }
}
