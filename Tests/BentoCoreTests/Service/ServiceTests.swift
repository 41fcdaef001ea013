import Foundation
import Testing

@testable import BentoCore
import BentoTesting

@Suite struct ServiceTests {
    let doubler = ServedModel(
        name: "doubler",
        platform: "swift",
        inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1, 2])],
        outputs: [TensorSpec(name: "y", dtype: .float32, shape: [-1, 2]), TensorSpec(name: "z", dtype: .float32, shape: [-1, 2])]
    ) { inputs in
        let x = try inputs["x"]!.values(as: Float.self)
        let y = try Tensor(x.map { $0 * 2 }, shape: inputs["x"]!.shape)
        return ["y": y, "z": y]
    }

    func makeService() -> BentoService {
        BentoService(name: "demo", models: [doubler]) {
            API("double", input: .tensor(dtype: .float32, shape: [-1, 2]), output: .tensor()) { x, context in
                context.setHeader("X-Rows", String(x.shape[0]))
                return try await doubler.infer(["x": x], outputs: ["y"])["y"]!
            }
            API("echo", route: "/text/echo", input: .text, output: .text) { text, context in
                "\(text)\(context.query["suffix"] ?? "")"
            }
        }
    }

    @Test func apiCallRunsHandlerBetweenDescriptors() async throws {
        let service = makeService()
        try service.validate()
        let api = try #require(service.apis.first { $0.route == "/double" })
        let context = RequestContext(requestID: "r1")
        let response = try await api.call(APIRequest(body: Array("[[1, 2]]".utf8), contentType: "application/json"), context: context)
        #expect(String(decoding: response.body, as: UTF8.self) == "[[2.0,4.0]]")
        #expect(context.responseHeaders.first?.value == "1")
        let echo = try #require(service.apis.first { $0.name == "echo" })
        let text = try await echo.call(APIRequest(body: Array("hi".utf8)), context: RequestContext(requestID: "r2", query: ["suffix": "!"]))
        #expect(text.body == Array("hi!".utf8))
    }

    @Test func servedModelValidatesInputs() async throws {
        let ok = try await doubler.infer(["x": try Tensor([1, 2] as [Float], shape: [1, 2])], outputs: ["z"])
        #expect(Array(ok.keys) == ["z"])
        let cases: [([String: Tensor], String)] = [
            ([:], "model 'doubler' needs input 'x'"),
            (["x": Tensor([1] as [Float]), "w": Tensor([1] as [Float])], "model 'doubler' has no input 'w'; its inputs are 'x'"),
            (["x": try Tensor([1, 2, 3] as [Float], shape: [1, 3])], "input 'x' must have 2 at dimension 1 (shape [-1, 2]), got shape [1, 3]"),
            (["x": try Tensor([1, 2] as [Int32], shape: [1, 2])], "input 'x' must be float32, got int32"),
        ]
        for (inputs, message) in cases {
            let error = await #expect(throws: ServiceError.self) { try await doubler.infer(inputs) }
            #expect(error?.message == message)
            #expect(error?.code == .badInput)
        }
        await #expect(throws: ServiceError.self) {
            try await doubler.infer(["x": try Tensor([1, 2] as [Float], shape: [1, 2])], outputs: ["nope"])
        }
    }

    @Test func validateRejectsDuplicateRoutes() {
        let service = BentoService(name: "dup") {
            API("a", route: "/same", input: .text, output: .text) { t, _ in t }
            API("b", route: "/same", input: .text, output: .text) { t, _ in t }
        }
        #expect(throws: ServiceError.self) { try service.validate() }
    }

    @Test func readinessReportsModelsAndChecks() async {
        var service = makeService()
        #expect(await service.readiness().isReady)
        service.readinessChecks.append { "runner 'iris' is not reachable" }
        #expect(await service.readiness().problems == ["runner 'iris' is not reachable"])
    }

    @Test func openAPIDocumentIsValid() async throws {
        let service = BentoService(name: "demo", models: [doubler]) {
            API("classify", summary: "Classify irises", input: .json(Iris.self), output: .json(Nested.self)) { _, _ in
                throw ServiceError(.internalError, "unused")
            }
            API("upload", input: .multipart([("file", .file(allowing: ["image/png"])), ("text", .text)]), output: .tensor(dtype: .int64)) { _, _ in
                Tensor(scalar: Int64(0))
            }
        }
        let document = service.openAPIDocument()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
        let paths = try #require(json["paths"] as? [String: Any])
        #expect(Set(paths.keys).isSuperset(of: ["/classify", "/upload", "/readyz", "/v2/models/{model_name}/infer"]))
        try await Fixtures.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("openapi.json")
            try Data(document).write(to: file)
            let result = try Fixtures.run(Fixtures.python, ["-m", "openapi_spec_validator", file.path])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
    }
}
