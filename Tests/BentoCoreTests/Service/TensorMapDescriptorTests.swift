import Testing

@testable import BentoCore

@Suite struct TensorMapDescriptorTests {
    let descriptor = TensorMapDescriptor(specs: [
        TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4]),
        TensorSpec(name: "ids:0", dtype: .int64, shape: [-1]),
    ])

    private func decode(_ body: String) throws -> [String: Tensor] {
        try descriptor.decode(APIRequest(body: Array(body.utf8), contentType: "application/json"))
    }

    @Test func parsesEachTensorIntoItsDType() throws {
        let inputs = try decode(#" { "float_input": [[5.1, 3.5, 1.4, 0.2]], "ids:0" : [1, 2, 3] } "#)
        #expect(inputs["float_input"] == (try Tensor([5.1, 3.5, 1.4, 0.2] as [Float], shape: [1, 4])))
        #expect(inputs["ids:0"] == Tensor([1, 2, 3] as [Int64]))
        let encoded = try descriptor.encode(inputs, for: APIRequest(body: []))
        #expect(String(decoding: encoded.body, as: UTF8.self) == #"{"float_input":[[5.1,3.5,1.4,0.2]],"ids:0":[1,2,3]}"#)
    }

    @Test(arguments: [
        (#"{"float_input": [[1, 2, 3, 4]]}"#, "input 'ids:0' is missing"),
        (#"{"float_input": [[1, 2, 3]], "ids:0": [1]}"#, "input 'float_input' must have 4 at dimension 1"),
        (#"{"float_input": [[1, 2, 3, 4]], "ids:0": [1.5]}"#, "ids:0: element 0 (1.5) is not a valid int64"),
        (#"{"x": [1]}"#, "unknown input 'x'; expected 'float_input', 'ids:0'"),
        (#"[[1, 2, 3, 4]]"#, "body is not valid JSON at byte 0: expected an object"),
        (#"{"float_input": [[1, 2, 3, 4]], "ids:0": [1]"#, "body is not valid JSON"),
        (#"{"float_input": [[1, 2, 3, 4]], "float_input": [[1, 2, 3, 4]], "ids:0": [1]}"#, "given twice"),
    ])
    func badBodiesNameTheProblem(body: String, fragment: String) throws {
        let error = try #require(throws: ServiceError.self) { try decode(body) }
        #expect(error.code == .badInput)
        #expect(error.message.contains(fragment), "\(error.message)")
    }

    @Test func withoutSpecsDTypesAreInferred() throws {
        let any = TensorMapDescriptor()
        let inputs = try any.decode(APIRequest(body: Array(#"{"a": [1, 2], "b": [[0.5]], "c": ["x"]}"#.utf8)))
        #expect(inputs["a"]?.dtype == .int64)
        #expect(inputs["b"]?.dtype == .float64)
        #expect(inputs["c"]?.dtype == .string)
        #expect(try any.decode(APIRequest(body: Array("{}".utf8))).isEmpty)
    }
}

@Suite struct LoadingRunnableTests {
    struct Echo: Runnable {
        func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] { inputs }
    }
    struct Broken: Error, CustomStringConvertible { var description: String { "file is truncated" } }

    @Test func answersUnavailableUntilLoaded() async throws {
        let runnable = LoadingRunnable(name: "iris", workers: 1) { Echo() }
        #expect(runnable.readinessProblem == "model 'iris' is loading")
        let early = await #expect(throws: ServiceError.self) { try await runnable.run([:], method: "run") }
        #expect(early?.code == .unavailable)
        #expect(early?.retryAfter == 1)
        await runnable.load()
        #expect(runnable.status == .ready)
        #expect(runnable.readinessProblem == nil)
        let x = Tensor([1] as [Float])
        #expect(try await runnable.run(["x": x], method: "run") == ["x": x])
    }

    @Test func keepsTheLoadFailure() async throws {
        let runnable = LoadingRunnable(name: "iris", workers: 1) { throw Broken() }
        await runnable.load()
        #expect(runnable.status == .failed("file is truncated"))
        let error = await #expect(throws: ServiceError.self) { try await runnable.run([:], method: "run") }
        #expect(error?.message == "model 'iris' failed to load: file is truncated")
    }
}
