import BentoCore
import CompressNIO
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BentoHTTP

@Suite struct InferenceRouteTests {
    @Test(arguments: setups)
    func modelMetadataAndReadiness(setup: Setup) async throws {
        try await withServer(setup) { client in
            for path in ["/v2/models/doubler", "/v2/models/doubler/versions/1"] {
                let metadata = try await client.get(path)
                #expect(metadata.status == .ok)
                #expect(metadata.json["name"] as? String == "doubler")
                #expect(metadata.json["versions"] as? [String] == ["1"])
                #expect(metadata.json["platform"] as? String == "swift")
                let inputs = metadata.json["inputs"] as? [[String: Any]] ?? []
                #expect(inputs.first?["datatype"] as? String == "FP32")
                #expect(inputs.first?["shape"] as? [Int] == [-1, -1])
                #expect(try await client.get(path + "/ready").status == .ok)
            }
            let strings = try await client.get("/v2/models/strings.v2/versions/3")
            #expect((strings.json["outputs"] as? [[String: Any]])?.first?["name"] as? String == "echo/out")
        }
    }

    @Test(arguments: setups)
    func jsonInfer(setup: Setup) async throws {
        try await withServer(setup) { client in
            let body = #"{"id":"q","inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[1,2,3,4]}]}"#
            // No Content-Type at all, as some clients send.
            let response = try await client.post("/v2/models/doubler/infer", body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["id"] as? String == "q")
            #expect(response.json["model_name"] as? String == "doubler")
            let output = (response.json["outputs"] as? [[String: Any]])?.first ?? [:]
            #expect(output["name"] as? String == "y")
            #expect(output["shape"] as? [Int] == [2, 2])
            #expect(output["data"] as? [Double] == [2, 4, 6, 8])
        }
    }

    @Test(arguments: setups)
    func binaryInferBothWays(setup: Setup) async throws {
        try await withServer(setup) { client in
            let x: [Float] = [1, -2, 3.5]
            let header = #"{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":12}}],"outputs":[{"name":"y","parameters":{"binary_data":true}}]}"#
            let (body, length) = binaryBody(header, [bytes(of: x)])
            let response = try await client.post(
                "/v2/models/doubler/versions/1/infer",
                bytes: body,
                headers: [.inferenceHeader: String(length), .contentType: "application/octet-stream"]
            )
            #expect(response.status == .ok, "\(response.text)")
            let jsonLength = try #require(response.headers[.inferenceHeader].flatMap(Int.init))
            let bytesOut = response.bytes
            let json = String(decoding: bytesOut[..<jsonLength], as: UTF8.self)
            #expect(json.contains(#""binary_data_size":12"#))
            #expect(Array(bytesOut[jsonLength...]) == self.bytes(of: x.map { $0 * 2 }))
        }
    }

    func bytes(of values: [Float]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    @Test(arguments: setups)
    func bytesTensorsWithAwkwardNames(setup: Setup) async throws {
        try await withServer(setup) { client in
            let strings = try Tensor(strings: ["hello", "", "wörld"], shape: [3])
            let header = #"{"inputs":[{"name":"text:0","shape":[3],"datatype":"BYTES","parameters":{"binary_data_size":\#(strings.bytes.count)}}],"parameters":{"binary_data_output":false}}"#
            let (body, length) = binaryBody(header, [strings.bytes])
            let response = try await client.post(
                "/v2/models/strings.v2/infer",
                bytes: body,
                headers: [.inferenceHeader: String(length)]
            )
            #expect(response.status == .ok, "\(response.text)")
            let outputs = response.json["outputs"] as? [[String: Any]] ?? []
            #expect(outputs.map { $0["name"] as? String } == ["echo/out", "length"])
            #expect(outputs.first?["data"] as? [String] == ["hello", "", "wörld"])
            #expect(outputs.last?["data"] as? [Int] == [5, 0, 6])
        }
    }

    @Test(arguments: setups)
    func unknownModelsAndVersionsAre404(setup: Setup) async throws {
        try await withServer(setup) { client in
            let model = try await client.post("/v2/models/nope/infer", "{}")
            #expect(model.status == .notFound)
            #expect(model.errorMessage == "no model 'nope'")
            #expect((model.json["detail"] as? String)?.contains("'doubler'") == true)
            let version = try await client.get("/v2/models/doubler/versions/9")
            #expect(version.status == .notFound)
            #expect(version.errorMessage.contains("no version '9'"))
        }
    }

    @Test(arguments: setups)
    func badInferRequestsAre400NamingTheTensor(setup: Setup) async throws {
        try await withServer(setup) { client in
            let uri = "/v2/models/doubler/infer"
            let cases: [(String, String)] = [
                (#"{"inputs":[{"name":"x","shape":[2],"datatype":"FP32","data":[1,2]}]}"#, "'x'"),
                (#"{"inputs":[{"name":"x","shape":[1,2],"datatype":"INT32","data":[1,2]}]}"#, "'x'"),
                (#"{"inputs":[{"name":"z","shape":[1,2],"datatype":"FP32","data":[1,2]}]}"#, "no input 'z'"),
                (#"{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2]}]}"#, "'x'"),
                (#"{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP8","data":[1,2]}]}"#, "unknown datatype"),
                (#"{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}],"outputs":[{"name":"w"}]}"#, "'w'"),
                (#"{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]"#, "malformed JSON"),
                (#"{"inputs":[]}"#, "'x'"),
            ]
            for (body, expected) in cases {
                let response = try await client.post(uri, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorMessage.contains(expected), "\(body): \(response.errorMessage)")
            }
            // A lying Inference-Header-Content-Length and a truncated binary body.
            let header = #"{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}"#
            let (body, length) = binaryBody(header, [self.bytes(of: [1, 2])])
            for (bytes, claimed) in [(body, length + 3), (body, body.count + 10), (Array(body.dropLast(3)), length)] {
                let response = try await client.post(uri, bytes: bytes, headers: [.inferenceHeader: String(claimed)])
                #expect(response.status == .badRequest, "\(claimed)")
            }
            let notANumber = try await client.post(uri, bytes: body, headers: [.inferenceHeader: "lots"])
            #expect(notANumber.status == .badRequest)
            #expect(notANumber.errorMessage.contains("Inference-Header-Content-Length"))
            // Still serving.
            let ok = try await client.post(uri, bytes: body, headers: [.inferenceHeader: String(length)])
            #expect(ok.status == .ok)
        }
    }

    @Test(arguments: setups)
    func gzipRequestAndResponse(setup: Setup) async throws {
        try await withServer(setup) { client in
            let values = (0..<512).map { String($0) }.joined(separator: ",")
            let json = #"{"inputs":[{"name":"x","shape":[1,512],"datatype":"FP32","data":[\#(values)]}]}"#
            let gzipped = try BodyCodec.gzip(ByteBuffer(string: json))
            let response = try await client.execute(
                uri: "/v2/models/doubler/infer",
                method: .post,
                headers: [.contentEncoding: "gzip", .acceptEncoding: "gzip, deflate"],
                body: gzipped
            )
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            var body = response.body
            let decompressed = try body.decompress(with: .gzip())
            #expect(String(buffer: decompressed).contains("1022.0"))
            let corrupt = try await client.post(
                "/v2/models/doubler/infer",
                bytes: [0x1f, 0x8b, 1, 2, 3],
                headers: [.contentEncoding: "gzip"]
            )
            #expect(corrupt.status == .badRequest)
            let unsupported = try await client.post("/v2/models/doubler/infer", json, headers: [.contentEncoding: "br"])
            #expect(unsupported.status == .unsupportedMediaType)
        }
    }
}
