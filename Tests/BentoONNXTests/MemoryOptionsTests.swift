import BentoCore
import BentoTesting
import Testing

@testable import BentoONNX

/// The memory options (`memory_arena`, `memory_pattern`, `session_config.*`): what they turn
/// into on the session options, that ONNX Runtime receives them, and that results do not change.
@Suite struct MemoryOptionsTests {
    @Test func defaultsKeepONNXRuntimesArenaAndPatterns() {
        let options = ONNXRuntime.SessionOptions.defaults
        #expect(options.memoryArena)
        #expect(options.memoryPattern)
        #expect(options.configEntries.isEmpty)
        #expect(
            options.settings == [.intraOpThreads(1), .interOpThreads(1), .graphOptimization(.all)])
    }

    @Test func eachOptionBecomesItsCall() {
        let options = ONNXRuntime.SessionOptions(
            intraOpThreads: 2,
            graphOptimization: .basic,
            memoryArena: false,
            memoryPattern: false,
            configEntries: ["session.disable_prepacking": "1", "session.intra_op.allow_spinning": "0"]
        )
        #expect(
            options.settings == [
                .intraOpThreads(2), .interOpThreads(1), .graphOptimization(.basic),
                .disableMemoryArena, .disableMemoryPattern,
                .configEntry("session.disable_prepacking", "1"),
                .configEntry("session.intra_op.allow_spinning", "0"),
            ])
    }

    /// A configuration entry ONNX Runtime acts on visibly: told to read only its own ORT format,
    /// it refuses an .onnx file, so the entry reached the session.
    @Test func configEntriesReachTheSession() throws {
        var configuration = TestRuntime.configuration()
        configuration.session.configEntries = ["session.load_model_format": "ORT"]
        let error = #expect(throws: ONNXError.self) {
            _ = try ONNXSession(modelAt: TestRuntime.irisPlain, configuration: configuration)
        }
        #expect(error?.code == .sessionCreationFailed)
        // Without the entry the same model loads.
        _ = try ONNXSession(modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
    }

    @Test(arguments: [(false, true), (true, false), (false, false)])
    func miniLMWithoutArenaOrPatternsMatchesPython(arena: Bool, pattern: Bool) async throws {
        let model = try TestRuntime.miniLM()
        var configuration = TestRuntime.configuration()
        configuration.session.memoryArena = arena
        configuration.session.memoryPattern = pattern
        let runnable = try ONNXRunnable(modelAt: model, configuration: configuration)
        // Two batch sizes, so the second run does not reuse the first one's plan.
        for (n, s) in [(1, 8), (3, 16)] {
            var ids: [Int64] = []
            for row in 0..<n {
                ids.append(101)
                for column in 1..<(s - 1) { ids.append(Int64(2000 + (row * 131 + column * 977) % 20_000)) }
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
    }

    @Test func irisWithoutArenaMatchesPython() async throws {
        var configuration = TestRuntime.configuration()
        configuration.session.memoryArena = false
        let runnable = try ONNXRunnable(modelAt: TestRuntime.irisPlain, configuration: configuration)
        let x = try TestRuntime.irisRows(64)
        let out = try await runnable.run(["float_input": x])
        try PythonReference.expectSame(
            out, try PythonReference.run(model: TestRuntime.irisPlain, inputs: ["float_input": x]))
    }
}
