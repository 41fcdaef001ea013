import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoONNX

/// Each bad call fails with a clear error, and the same runnable then serves a good call.
@Suite struct BadInputTests {
    let runnable: ONNXRunnable
    let good: [String: Tensor]

    init() throws {
        runnable = try ONNXRunnable(modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
        good = ["float_input": try TestRuntime.irisRows(3)]
    }

    func expectFailure(
        _ inputs: [String: Tensor],
        code: ONNXError.Code,
        mentions words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let error = try await #require(throws: ONNXError.self, sourceLocation: sourceLocation) {
            _ = try await runnable.run(inputs)
        }
        #expect(error.code == code, sourceLocation: sourceLocation)
        for word in words {
            #expect(error.message.contains(word), "'\(word)' not in: \(error.message)", sourceLocation: sourceLocation)
        }
        let out = try await runnable.run(good)
        #expect(out["label"]?.shape == [3], sourceLocation: sourceLocation)
    }

    @Test func wrongDType() async throws {
        let x = try Tensor([Double](repeating: 1, count: 4), shape: [1, 4])
        try await expectFailure(
            ["float_input": x], code: .invalidInput, mentions: ["float_input", "float32", "float64"])
    }

    @Test func wrongRank() async throws {
        let x = try Tensor([Float](repeating: 1, count: 4), shape: [4])
        try await expectFailure(["float_input": x], code: .invalidInput, mentions: ["float_input", "rank 2"])
    }

    @Test func wrongFixedDimension() async throws {
        let x = try Tensor([Float](repeating: 1, count: 5), shape: [1, 5])
        try await expectFailure(["float_input": x], code: .invalidInput, mentions: ["float_input", "dimension 1"])
    }

    @Test func missingInput() async throws {
        try await expectFailure([:], code: .missingInput, mentions: ["float_input"])
    }

    @Test func unknownInput() async throws {
        var inputs = good
        inputs["petal/width:0"] = try Tensor([Float(1)], shape: [1])
        try await expectFailure(inputs, code: .unknownInput, mentions: ["petal/width:0", "float_input"])
    }

    @Test func unknownMethod() async throws {
        let error = try await #require(throws: ONNXError.self) { _ = try await runnable.run(good, method: "predict") }
        #expect(error.code == .unknownMethod)
        #expect(error.message.contains("predict"))
    }

    @Test func onnxRuntimesOwnErrorIsSurfaced() async throws {
        // Dynamic dimensions pass validation; ONNX Runtime itself refuses mismatched lengths.
        let model = try TestRuntime.miniLM()
        let miniLM = try ONNXRunnable(modelAt: model, configuration: TestRuntime.configuration())
        let bad = [
            "input_ids": try Tensor([Int64](repeating: 101, count: 4), shape: [1, 4]),
            "attention_mask": try Tensor([Int64](repeating: 1, count: 3), shape: [1, 3]),
            "token_type_ids": try Tensor([Int64](repeating: 0, count: 4), shape: [1, 4]),
        ]
        let error = try await #require(throws: ONNXError.self) { _ = try await miniLM.run(bad) }
        #expect(error.code == .runFailed)
        #expect(error.message.contains("ONNX Runtime could not run"))
        #expect(error.message.count > "ONNX Runtime could not run \(model): ".count + 10)
        var goodMiniLM = bad
        goodMiniLM["attention_mask"] = try Tensor([Int64](repeating: 1, count: 4), shape: [1, 4])
        #expect(try await miniLM.run(goodMiniLM)["last_hidden_state"]?.shape == [1, 4, 384])
    }

    @Test func truncatedModelFile() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let whole = try Data(contentsOf: URL(fileURLWithPath: try TestRuntime.miniLM()))
            let path = dir.appendingPathComponent("truncated.onnx").path
            try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: ONNXError.self) {
                _ = try ONNXRunnable(modelAt: path, configuration: TestRuntime.configuration())
            }
            #expect(error.code == .sessionCreationFailed)
            #expect(error.message.contains(path))
            #expect(error.message.contains("Protobuf parsing failed"), "ONNX Runtime's own message: \(error.message)")
            let missing = try #require(throws: ONNXError.self) {
                _ = try ONNXSession(
                    modelAt: dir.appendingPathComponent("absent.onnx").path, configuration: TestRuntime.configuration())
            }
            #expect(missing.code == .sessionCreationFailed)
            #expect(missing.message.contains("does not exist"))
            #expect(try await runnable.run(good)["label"]?.shape == [3])
        }
    }

    @Test func stringWithNulByteIsRefused() throws {
        let session = try ONNXSession(
            modelAt: try TestRuntime.dtypesModel(), configuration: TestRuntime.configuration())
        var inputs: [String: Tensor] = [:]
        for dtype in DType.allCases {
            inputs["in/\(dtype):0"] =
                dtype == .string
                ? try Tensor(byteElements: [[0x61, 0x00], [0x62], [], []], shape: [2, 2])
                : try Tensor(dtype: dtype, shape: [2, 2], bytes: [UInt8](repeating: 0, count: 4 * dtype.byteSize!))
        }
        let error = try #require(throws: ONNXError.self) { _ = try session.run(inputs) }
        #expect(error.message.contains("in/string:0"))
        #expect(error.message.contains("NUL"))
    }
}
