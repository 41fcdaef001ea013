import BentoCore
import BentoONNX
import Testing

@testable import BentoCLI

/// The `runners[.<name>].onnx.*` memory keys reach the runner's ONNX Runtime configuration.
@Suite struct ServerSettingsONNXTests {
    private func onnx(_ values: [String: String], runner: String = "ppocr") throws -> ONNXRuntime.Configuration {
        let settings = try ServerSettings(source: ConfigurationSource(values: values))
        return try settings.runner(runner, onnx: .defaults).1
    }

    @Test func defaultsKeepTheArenaAndPatterns() throws {
        let session = try onnx([:]).session
        #expect(session.memoryArena)
        #expect(session.memoryPattern)
        #expect(session.configEntries.isEmpty)
    }

    @Test func perRunnerAndEveryRunnerKeys() throws {
        let session = try onnx([
            "runners.onnx.memory_pattern": "false",
            "runners.ppocr.onnx.memory_arena": "off",
            "runners.ppocr.onnx.session_config.session.disable_prepacking": "1",
            "runners.other.onnx.memory_pattern": "true",
        ]).session
        #expect(!session.memoryArena)
        #expect(!session.memoryPattern)
        #expect(session.configEntries == ["session.disable_prepacking": "1"])
    }

    @Test(arguments: ["runners.onnx.memory_arena", "runners.ppocr.onnx.memory_pattern"])
    func aBadBooleanNamesItsKey(key: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try onnx([key: "maybe"]) }
        #expect(error?.message.contains(key) == true)
    }

    @Test func anEmptySessionConfigKeyIsUnknown() throws {
        let error = #expect(throws: ConfigurationError.self) { try onnx(["runners.onnx.session_config.": "1"]) }
        #expect(error?.message.contains("session_config.<key>") == true)
    }
}
