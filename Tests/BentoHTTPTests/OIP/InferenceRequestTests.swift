import BentoCore
import Testing

@testable import BentoHTTP

/// Builds a binary-extension body: the JSON header followed by the tensors' bytes.
func binaryBody(_ header: String, _ parts: [[UInt8]]) -> (body: [UInt8], headerLength: Int) {
    let json = Array(header.utf8)
    return (json + parts.flatMap { $0 }, json.count)
}

func bytes<T>(of values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

func decode(_ json: String) throws -> InferenceRequest {
    try InferenceRequest(body: Array(json.utf8), headerLength: nil)
}

func decodeError(_ body: [UInt8], headerLength: Int? = nil) -> String? {
    do {
        _ = try InferenceRequest(body: body, headerLength: headerLength)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct InferenceRequestTests {
    @Test func flatJSONData() throws {
        let request = try decode(
            #"{"id":"r1","inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[1,2,3,4.5]}]}"#
        )
        #expect(request.id == "r1")
        #expect(request.inputs.count == 1)
        let tensor = request.inputs[0].tensor
        #expect(tensor.shape == [2, 2])
        #expect(try tensor.values(as: Float.self) == [1, 2, 3, 4.5])
        #expect(request.outputs == nil)
        #expect(!request.binaryDataOutput)
    }

    @Test func nestedDataIsAccepted() throws {
        let request = try decode(#"{"inputs":[{"name":"x","shape":[2,2],"datatype":"INT64","data":[[1,2],[3,4]]}]}"#)
        #expect(try request.inputs[0].tensor.values(as: Int64.self) == [1, 2, 3, 4])
        #expect(request.inputs[0].tensor.shape == [2, 2])
    }

    @Test func dataBeforeDatatype() throws {
        let request = try decode(#"{"inputs":[{"data":[1,0,1],"name":"b","shape":[3],"datatype":"BOOL"}]}"#)
        #expect(try request.inputs[0].tensor.values(as: Bool.self) == [true, false, true])
    }

    @Test func bytesAsJSONStrings() throws {
        let request = try decode(
            #"{"inputs":[{"name":"t","shape":[2],"datatype":"BYTES","data":["héllo","a\"b\u00e9"]}]}"#
        )
        #expect(try request.inputs[0].tensor.strings() == ["héllo", "a\"bé"])
    }

    @Test func outputsAndParameters() throws {
        let request = try decode(
            #"""
            { "inputs" : [ {"name":"x","shape":[1],"datatype":"FP64","data":[1e3], "parameters": {"foo": {"a": 1}}} ],
              "outputs": [{"name":"y","parameters":{"binary_data":true}}, {"name":"z"}],
              "parameters": {"binary_data_output": true, "priority": 2, "note": "n", "ratio": 0.5}, "extra": [null, {}] }
            """#
        )
        #expect(request.outputs == [.init(name: "y", binary: true), .init(name: "z", binary: nil)])
        #expect(request.binaryDataOutput)
        #expect(request.parameters["priority"] == .int(2))
        #expect(request.parameters["ratio"] == .double(0.5))
        #expect(try request.inputs[0].tensor.values(as: Double.self) == [1000])
    }

    @Test func binaryInputsInOrder() throws {
        let strings = try Tensor(strings: ["ab", "", "xyz"], shape: [3])
        let header = #"""
            {"inputs":[{"name":"a","shape":[1,2],"datatype":"FP32","parameters":{"binary_data_size":8}},
            {"name":"j","shape":[1],"datatype":"INT32","data":[7]},
            {"name":"s","shape":[3],"datatype":"BYTES","parameters":{"binary_data_size":\#(strings.bytes.count)}}]}
            """#
        let (body, length) = binaryBody(header, [bytes(of: [Float(1.5), 2.5]), strings.bytes])
        let request = try InferenceRequest(body: body, headerLength: length)
        #expect(try request.inputs[0].tensor.values(as: Float.self) == [1.5, 2.5])
        #expect(try request.inputs[1].tensor.values(as: Int32.self) == [7])
        #expect(try request.inputs[2].tensor.strings() == ["ab", "", "xyz"])
    }

    @Test func headerOnlyWithLengthIsAccepted() throws {
        let json = Array(#"{"inputs":[{"name":"x","shape":[1],"datatype":"UINT8","data":[255]}]}"#.utf8)
        let request = try InferenceRequest(body: json, headerLength: json.count)
        #expect(try request.inputs[0].tensor.values(as: UInt8.self) == [255])
    }

    @Test func lyingHeaderLength() {
        let header = #"{"inputs":[{"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}"#
        let (body, length) = binaryBody(header, [bytes(of: [Float(1), 2])])
        // Longer than the body.
        #expect(decodeError(body, headerLength: body.count + 1)?.contains("Inference-Header-Content-Length is") == true)
        // Shorter than the JSON: the header is cut.
        #expect(decodeError(body, headerLength: length - 5)?.contains("Inference-Header-Content-Length") == true)
        // Longer than the JSON: binary bytes read as JSON.
        #expect(decodeError(body, headerLength: length + 4)?.contains("malformed JSON") == true)
        #expect(decodeError(body, headerLength: -1) != nil)
    }

    @Test func truncatedBinaryBody() {
        let header = #"{"inputs":[{"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}"#
        let (body, length) = binaryBody(header, [bytes(of: [Float(1)])])
        let message = decodeError(body, headerLength: length)
        #expect(message?.contains("has 4 bytes") == true)
        #expect(message?.contains("add up to 8") == true)
    }

    @Test func binarySizeDisagreeingWithShapeNamesTheInput() {
        let header = #"{"inputs":[{"name":"a","shape":[3],"datatype":"FP32","parameters":{"binary_data_size":8}}]}"#
        let (body, length) = binaryBody(header, [bytes(of: [Float(1), 2])])
        #expect(decodeError(body, headerLength: length)?.hasPrefix("input 'a'") == true)
    }

    @Test func binarySizeWithoutHeader() {
        let header = #"{"inputs":[{"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}"#
        let message = decodeError(Array(header.utf8))
        #expect(message?.contains("input 'a'") == true)
        #expect(message?.contains("Inference-Header-Content-Length") == true)
    }

    @Test(arguments: [
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"BF16","data":[1,2]}]}"#, "unknown datatype 'BF16'"),
        (#"{"inputs":[{"name":"x","shape":[3],"datatype":"FP32","data":[1,2]}]}"#, "input 'x'"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"INT8","data":[1,300]}]}"#, "input 'x'"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"INT32","data":[1,"a"]}]}"#, "input 'x'"),
        (#"{"inputs":[{"name":"x","shape":[2,-1],"datatype":"FP32","data":[1,2]}]}"#, "negative dimension"),
        (#"{"inputs":[{"name":"x","datatype":"FP32","data":[1,2]}]}"#, "has no 'shape'"),
        (#"{"inputs":[{"name":"x","shape":[2],"data":[1,2]}]}"#, "has no 'datatype'"),
        (#"{"inputs":[{"shape":[2],"datatype":"FP32","data":[1,2]}]}"#, "input 0 has no 'name'"),
        (#"{"inputs":[{"name":"x","shape":[2],"datatype":"FP32"}]}"#, "neither 'data' nor"),
        (#"{"inputs":[{"name":"x","shape":[2.5],"datatype":"FP32","data":[1,2]}]}"#, "expected an integer"),
        (#"{"outputs":[]}"#, "no 'inputs'"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]"#, "malformed JSON"),
        (#"{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]} trailing"#, "malformed JSON"),
        (#"[1,2]"#, "malformed JSON"),
        ("", "malformed JSON"),
        (#"{"inputs":[],"outputs":[{"name":"y","parameters":{"classification":3}}]}"#, "classification"),
    ])
    func badRequestsNameTheProblem(json: String, expected: String) {
        let message = decodeError(Array(json.utf8))
        #expect(message?.contains(expected) == true, "\(message ?? "no error")")
    }
}
