import BentoCore
import BentoTesting
import Testing

@testable import BentoONNX

@Suite struct SignatureTests {
    @Test func logregIrisHasFixedInputAndSequenceOfMapsOutput() throws {
        let signature = try ONNXRuntime.inspectSignature(
            modelAt: try TestRuntime.logregIris(), configuration: TestRuntime.configuration())
        #expect(signature.inputs == [TensorSpec(name: "float_input", dtype: .float32, shape: [3, 2])])
        #expect(signature.outputs.map(\.name) == ["label", "probabilities"])
        #expect(signature.outputs[0].dtype == .int64)
        #expect(signature.outputs[0].shape == [3])
        #expect(signature.outputs[1] == TensorSpec(name: "probabilities", dtype: .float32, shape: [-1, -1]))
        #expect(!signature.batchable)
    }

    @Test func irisModelsAreBatchable() throws {
        for path in [TestRuntime.irisPlain, TestRuntime.irisZipMap] {
            let signature = try ONNXRuntime.inspectSignature(modelAt: path, configuration: TestRuntime.configuration())
            #expect(signature.inputs == [TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4])])
            #expect(signature.batchable)
            #expect(signature.batchDim == 0)
        }
        let plain = try ONNXRuntime.inspectSignature(
            modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
        #expect(
            plain.outputs == [
                TensorSpec(name: "label", dtype: .int64, shape: [-1]),
                TensorSpec(name: "probabilities", dtype: .float32, shape: [-1, 3]),
            ])
    }

    @Test func batchableCanBeOverridden() throws {
        var configuration = TestRuntime.configuration()
        configuration.batchable = false
        #expect(
            !(try ONNXRuntime.inspectSignature(modelAt: TestRuntime.irisPlain, configuration: configuration).batchable))
        configuration.batchable = true
        #expect(
            try ONNXRuntime.inspectSignature(modelAt: try TestRuntime.logregIris(), configuration: configuration)
                .batchable)
    }

    @Test func miniLMHasSymbolicDimensions() throws {
        let signature = try ONNXRuntime.inspectSignature(
            modelAt: try TestRuntime.miniLM(), configuration: TestRuntime.configuration())
        #expect(signature.inputs.map(\.name) == ["input_ids", "attention_mask", "token_type_ids"])
        for input in signature.inputs {
            #expect(input.dtype == .int64)
            #expect(input.shape == [-1, -1])
            #expect(input.dimensionNames == ["batch", "sequence"])
        }
        #expect(
            signature.outputs == [
                TensorSpec(
                    name: "last_hidden_state", dtype: .float32, shape: [-1, -1, 384],
                    dimensionNames: ["batch", "sequence", nil])
            ])
        #expect(signature.batchable)
    }

    @Test func namesWithSlashesAndColonsAndEveryDType() throws {
        let signature = try ONNXRuntime.inspectSignature(
            modelAt: try TestRuntime.dtypesModel(), configuration: TestRuntime.configuration())
        #expect(Set(signature.inputs.map(\.dtype)) == Set(DType.allCases))
        for input in signature.inputs {
            #expect(input.name == "in/\(input.dtype):0")
            #expect(input.shape == [-1, 2])
            #expect(input.dimensionNames == ["batch", nil])
        }
        #expect(signature.outputs.map(\.name) == signature.inputs.map { "out/\($0.dtype):0" })
    }
}
