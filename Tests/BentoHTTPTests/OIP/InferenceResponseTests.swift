import BentoCore
import Testing

@testable import BentoHTTP

@Suite struct InferenceResponseTests {
    let outputs: [String: Tensor] = [
        "y": try! Tensor([Float(2), 4], shape: [1, 2]),
        "s": try! Tensor(strings: ["a\"b"], shape: [1]),
    ]

    @Test func jsonOutputs() throws {
        let request = InferenceRequest(id: "7", inputs: [])
        let selected = try InferenceResponse.select(outputs, declared: ["y", "s"], for: request, modelName: "m")
        let response = InferenceResponse(modelName: "m", modelVersion: "1", id: "7", outputs: selected)
        let (body, length) = response.encoded()
        #expect(length == nil)
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"model_name":"m","model_version":"1","id":"7","outputs":[{"name":"y","datatype":"FP32","shape":[1,2],"data":[2.0,4.0]},{"name":"s","datatype":"BYTES","shape":[1],"data":["a\"b"]}]}"#
        )
    }

    @Test func binaryOutputsFollowTheHeader() throws {
        let request = InferenceRequest(
            inputs: [],
            outputs: [.init(name: "s", binary: nil), .init(name: "y", binary: true)]
        )
        let selected = try InferenceResponse.select(outputs, declared: ["y", "s"], for: request, modelName: "m")
        let (body, length) = InferenceResponse(modelName: "m", outputs: selected).encoded()
        let headerLength = try #require(length)
        let header = String(decoding: body[..<headerLength], as: UTF8.self)
        #expect(header.contains(#"{"name":"y","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}"#))
        #expect(header.contains(#""data":["a\"b"]"#))
        #expect(Array(body[headerLength...]) == outputs["y"]!.bytes)
    }

    @Test func binaryDataOutputParameterAppliesToAll() throws {
        let request = InferenceRequest(inputs: [], parameters: ["binary_data_output": .bool(true)])
        let selected = try InferenceResponse.select(outputs, declared: ["y", "s"], for: request, modelName: "m")
        #expect(selected.map(\.name) == ["y", "s"])
        #expect(selected.allSatisfy { $0.binary })
        let (body, length) = InferenceResponse(modelName: "m", outputs: selected).encoded()
        let headerLength = try #require(length)
        #expect(Array(body[headerLength...]) == outputs["y"]!.bytes + outputs["s"]!.bytes)
    }

    @Test func unknownOutputIsNamed() {
        let request = InferenceRequest(inputs: [], outputs: [.init(name: "nope")])
        #expect {
            _ = try InferenceResponse.select(outputs, declared: ["y", "s"], for: request, modelName: "m")
        } throws: { error in
            (error as? OIPError)?.message.contains("no output 'nope'") == true
        }
    }

    @Test func modelMetadata() {
        let model = ServedModel(
            name: "iris",
            version: "v1",
            platform: "onnxruntime",
            inputs: [TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4])],
            outputs: [TensorSpec(name: "label", dtype: .int64, shape: [-1])]
        ) { inputs in inputs }
        #expect(
            String(decoding: model.metadataJSON(), as: UTF8.self)
                == #"{"name":"iris","versions":["v1"],"platform":"onnxruntime","inputs":[{"name":"float_input","datatype":"FP32","shape":[-1,4]}],"outputs":[{"name":"label","datatype":"INT64","shape":[-1]}]}"#
        )
    }
}
