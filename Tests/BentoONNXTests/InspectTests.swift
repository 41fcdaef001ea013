import Testing

@testable import BentoONNX

@Suite struct InspectPlaceholderTests {
    @Test func missingModelFails() {
        #expect(throws: (any Error).self) { try ONNXRuntime.inspectSignature(modelAt: "/nonexistent.onnx") }
    }
}
