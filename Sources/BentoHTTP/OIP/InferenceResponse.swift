package import BentoCore

/// An Open Inference Protocol infer response, ready to encode as JSON `data` or with binary
/// outputs after the JSON header (the binary tensor extension).
package struct InferenceResponse: Sendable {
    /// One output tensor and how to send it.
    package struct Output: Sendable {
        /// The output's name.
        package var name: String
        /// The tensor.
        package var tensor: Tensor
        /// Whether its bytes follow the JSON header instead of a `data` array.
        package var binary: Bool

        /// Creates an output.
        package init(name: String, tensor: Tensor, binary: Bool = false) {
            self.name = name
            self.tensor = tensor
            self.binary = binary
        }
    }

    /// The model's name.
    package var modelName: String
    /// The model's version, if it has one.
    package var modelVersion: String?
    /// The request's `id`, echoed.
    package var id: String?
    /// The outputs, in order.
    package var outputs: [Output]

    /// Creates a response.
    package init(modelName: String, modelVersion: String? = nil, id: String? = nil, outputs: [Output]) {
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.id = id
        self.outputs = outputs
    }

    /// Picks the outputs `request` asks for from `tensors`, in the request's order (or the model's
    /// declared order when it asks for all), with each one's binary flag.
    ///
    /// - Throws: ``OIPError`` naming an output the model does not produce.
    package static func select(
        _ tensors: [String: Tensor],
        declared: [String],
        for request: InferenceRequest,
        modelName: String
    ) throws(OIPError) -> [Output] {
        let binaryDefault = request.binaryDataOutput
        guard let requested = request.outputs else {
            var names = declared.filter { tensors[$0] != nil }
            names += tensors.keys.filter { !declared.contains($0) }.sorted()
            return names.map { Output(name: $0, tensor: tensors[$0]!, binary: binaryDefault) }
        }
        return try requested.map { (wanted) throws(OIPError) in
            guard let tensor = tensors[wanted.name] else {
                let known = (declared.isEmpty ? tensors.keys.sorted() : declared).map { "'\($0)'" }
                throw OIPError(
                    .badInput,
                    "model '\(modelName)' has no output '\(wanted.name)'; its outputs are \(known.joined(separator: ", "))"
                )
            }
            return Output(name: wanted.name, tensor: tensor, binary: wanted.binary ?? binaryDefault)
        }
    }

    /// The encoded body and, when any output is binary, the JSON header's length (the value of
    /// `Inference-Header-Content-Length`).
    package func encoded() -> (body: [UInt8], headerLength: Int?) {
        var out: [UInt8] = []
        var capacity = 96
        for output in outputs { capacity += 64 + (output.binary ? 0 : output.tensor.count * 12) }
        out.reserveCapacity(capacity)
        JSONWriter.literal("{\"model_name\":", into: &out)
        JSONWriter.string(Array(modelName.utf8), into: &out)
        if let modelVersion {
            JSONWriter.literal(",\"model_version\":", into: &out)
            JSONWriter.string(Array(modelVersion.utf8), into: &out)
        }
        if let id {
            JSONWriter.literal(",\"id\":", into: &out)
            JSONWriter.string(Array(id.utf8), into: &out)
        }
        JSONWriter.literal(",\"outputs\":[", into: &out)
        var anyBinary = false
        for (index, output) in outputs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            OIPJSON.writeTensorHeader(name: output.name, tensor: output.tensor, into: &out)
            if output.binary {
                anyBinary = true
                JSONWriter.literal(",\"parameters\":{\"binary_data_size\":", into: &out)
                JSONWriter.integer(output.tensor.bytes.count, into: &out)
                JSONWriter.literal("}}", into: &out)
            } else {
                JSONWriter.literal(",\"data\":", into: &out)
                output.tensor.writeJSON(into: &out, form: .flat)
                out.append(UInt8(ascii: "}"))
            }
        }
        JSONWriter.literal("]}", into: &out)
        guard anyBinary else { return (out, nil) }
        let headerLength = out.count
        for output in outputs where output.binary { out.append(contentsOf: output.tensor.bytes) }
        return (out, headerLength)
    }
}

/// JSON fragments shared by the Open Inference Protocol encoders.
enum OIPJSON {
    /// Writes `{"name":…,"datatype":…,"shape":[…]` (the object is left open).
    static func writeTensorHeader(name: String, tensor: Tensor, into out: inout [UInt8]) {
        writeSpecHeader(name: name, dtype: tensor.dtype, shape: tensor.shape, into: &out)
    }

    /// Writes `{"name":…,"datatype":…,"shape":[…]` (the object is left open).
    static func writeSpecHeader(name: String, dtype: DType, shape: [Int], into out: inout [UInt8]) {
        JSONWriter.literal("{\"name\":", into: &out)
        JSONWriter.string(Array(name.utf8), into: &out)
        JSONWriter.literal(",\"datatype\":\"", into: &out)
        out.append(contentsOf: dtype.oipName.utf8)
        JSONWriter.literal("\",\"shape\":", into: &out)
        writeIntegers(shape, into: &out)
    }

    static func writeIntegers(_ values: [Int], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.integer(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static func writeStrings(_ values: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.string(Array(value.utf8), into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
