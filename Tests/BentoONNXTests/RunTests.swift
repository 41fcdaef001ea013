import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoONNX

@Suite struct RunTests {
    @Test(arguments: [1, 64, 150])
    func irisPlainMatchesExpectedAndPython(rows: Int) async throws {
        let runnable = try ONNXRunnable(modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
        let x = try TestRuntime.irisRows(rows)
        let out = try await runnable.run(["float_input": x])
        let expected = try TestRuntime.expected()
        #expect(try out["label"]?.values(as: Int64.self) == Array(expected.labels["iris_logreg.onnx"]!.prefix(rows)))
        try PythonReference.expectSame(
            out, try PythonReference.run(model: TestRuntime.irisPlain, inputs: ["float_input": x]))
    }

    @Test func irisZipMapBecomesATableWithKeys() async throws {
        let runnable = try ONNXRunnable(modelAt: TestRuntime.irisZipMap, configuration: TestRuntime.configuration())
        let x = try TestRuntime.irisRows(150)
        let out = try await runnable.run(["float_input": x])
        let probabilities = try #require(out["output_probability"])
        #expect(probabilities.dtype == .float32)
        #expect(probabilities.shape == [150, 3])
        #expect(try runnable.session.mapKeys(forOutput: "output_probability")?.values(as: Int64.self) == [0, 1, 2])
        let expected = try TestRuntime.expected().probabilities["iris_logreg_zipmap.onnx"]!
        let values = try probabilities.doubleValues()
        #expect(zip(values, expected.flatMap { $0 }).allSatisfy { abs($0 - $1) <= 1e-5 * abs($1) + 1e-7 })
        try PythonReference.expectSame(
            out, try PythonReference.run(model: TestRuntime.irisZipMap, inputs: ["float_input": x]))
    }

    @Test func logregIrisFixedShapeSequenceOfMapsMatchesPython() async throws {
        let model = try TestRuntime.logregIris()
        let runnable = try ONNXRunnable(modelAt: model, configuration: TestRuntime.configuration())
        let x = try Tensor([5.1, 3.5, 6.7, 3.0, 5.9, 3.0] as [Float], shape: [3, 2])
        let out = try await runnable.run(["float_input": x])
        #expect(out["label"]?.shape == [3])
        #expect(out["probabilities"]?.shape == [3, 3])
        try PythonReference.expectSame(out, try PythonReference.run(model: model, inputs: ["float_input": x]))
    }

    @Test func miniLMMatchesPython() async throws {
        let model = try TestRuntime.miniLM()
        let runnable = try ONNXRunnable(modelAt: model, configuration: TestRuntime.configuration())
        let (n, s) = (2, 12)
        var ids: [Int64] = []
        for row in 0..<n {
            ids.append(101)
            for column in 1..<(s - 1) { ids.append(Int64(1000 + (row * 7919 + column * 104_729) % 28_000)) }
            ids.append(102)
        }
        let inputs = [
            "input_ids": try Tensor(ids, shape: [n, s]),
            "attention_mask": try Tensor([Int64](repeating: 1, count: n * s), shape: [n, s]),
            "token_type_ids": try Tensor([Int64](repeating: 0, count: n * s), shape: [n, s]),
        ]
        let out = try await runnable.run(inputs)
        #expect(out["last_hidden_state"]?.shape == [n, s, 384])
        try PythonReference.expectSame(out, try PythonReference.run(model: model, inputs: inputs))
    }

    @Test func everyDTypeRoundTripsThroughIdentity() throws {
        let session = try ONNXSession(
            modelAt: try TestRuntime.dtypesModel(), configuration: TestRuntime.configuration())
        var inputs: [String: Tensor] = [:]
        for dtype in DType.allCases {
            let name = "in/\(dtype):0"
            switch dtype {
            case .string:
                inputs[name] = try Tensor(strings: ["", "héllo", "a/b:c", "x"], shape: [2, 2])
            case .bool:
                inputs[name] = try Tensor([true, false, false, true], shape: [2, 2])
            case .float16:
                inputs[name] = try Tensor(
                    dtype: .float16, shape: [2, 2], bytes: [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0xFF, 0x7B])
            default:
                inputs[name] = try NumericConversion.tensor(from: [1, 0, 7, 100], dtype: dtype, shape: [2, 2])
            }
        }
        let out = try session.run(inputs)
        for dtype in DType.allCases {
            #expect(out["out/\(dtype):0"] == inputs["in/\(dtype):0"], "dtype \(dtype)")
        }
        // An empty batch is a valid call too.
        var empty: [String: Tensor] = [:]
        for dtype in DType.allCases {
            empty["in/\(dtype):0"] =
                dtype == .string
                ? try Tensor(strings: [], shape: [0, 2]) : try Tensor(dtype: dtype, shape: [0, 2], bytes: [])
        }
        let emptyOut = try session.run(empty)
        #expect(emptyOut.values.allSatisfy { $0.shape == [0, 2] })
    }

    @Test func concurrentCallsOnOneSessionAgree() async throws {
        let runnable = try ONNXRunnable(
            modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration(workers: 4))
        #expect(runnable.workers == 4)
        let x = try TestRuntime.irisRows(150)
        let reference = try await runnable.run(["float_input": x])
        try await withThrowingTaskGroup(of: [String: Tensor].self) { group in
            for _ in 0..<64 { group.addTask { try await runnable.run(["float_input": x], method: "run") } }
            for try await out in group { #expect(out == reference) }
        }
    }

    @Test func loadRunsOnThePool() async throws {
        let runnable = try await ONNXRunnable.load(
            modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
        let out = try await runnable.run(["float_input": try TestRuntime.irisRows(2)])
        #expect(out["probabilities"]?.shape == [2, 3])
    }
}
