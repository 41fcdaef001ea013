// The bare-route ceiling of scripts/bench/compare: `bento-http-bench MODE PORT`.
//
//   bare    bare Hummingbird routes that do the same JSON work as SwiftBento's, with Codable and no
//           framework: POST /predict decodes {"input": [[Double]]} and returns the labels;
//           POST /iris/predict decodes the zero-code body {"float_input": [[Float]]} and returns
//           {"label": [...], "probabilities": [[...]]}; POST /v2/models/iris/infer decodes an Open
//           Inference Protocol JSON request and returns the same two outputs as a v2 response;
//   served  the same iris-like classifier as a SwiftBento service: the JSON API POST /predict and
//           the Open Inference Protocol model `iris` (POST /v2/models/iris/infer).
//
// The classifier is a fixed linear model in Swift, so the figures measure the server, not a model.
// BENCH_ACCESS_LOG=1 turns the access log on (it is on by default in `bento serve`).
import BentoCore
import BentoHTTP
import Foundation
import Hummingbird
import Logging

struct IrisInput: Codable, Sendable {
    var input: [[Double]]
}

let weights: [[Double]] = [[0.4, 1.4, -2.2, -1.0], [0.5, -1.6, 0.6, -1.3], [-1.6, -1.4, 2.4, 2.4]]

func classify(_ rows: [[Double]]) -> [Int] {
    rows.map { row in
        let scores = weights.map { w in zip(w, row).reduce(0) { $0 + $1.0 * $1.1 } }
        return scores.indices.max { scores[$0] < scores[$1] } ?? 0
    }
}

/// Softmax of the linear scores, so the bare routes return probabilities as the served model does.
func probabilities(_ row: [Double]) -> [Float] {
    let scores = weights.map { w in zip(w, row).reduce(0) { $0 + $1.0 * $1.1 } }
    let top = scores.max() ?? 0
    let exps = scores.map { Foundation.exp($0 - top) }
    let total = exps.reduce(0, +)
    return exps.map { Float($0 / total) }
}

struct ZeroCodeInput: Codable, Sendable {
    var floatInput: [[Float]]
    enum CodingKeys: String, CodingKey { case floatInput = "float_input" }
}

struct ZeroCodeOutput: Codable, Sendable {
    var label: [Int64]
    var probabilities: [[Float]]
}

struct V2Request: Codable, Sendable {
    struct Input: Codable, Sendable {
        var name: String
        var shape: [Int]
        var datatype: String
        var data: [Double]
    }
    var inputs: [Input]
}

struct V2Response: Codable, Sendable {
    struct Output: Codable, Sendable {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: [Double]
    }
    var modelName: String
    var outputs: [Output]
    enum CodingKeys: String, CodingKey {
        case modelName = "model_name"
        case outputs
    }
}

struct BareError: Error {
    var message: String
}

func jsonResponse(_ value: some Encodable) throws -> Response {
    Response(
        status: .ok,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value)))
    )
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[2]) else {
    print("usage: bento-http-bench bare|served PORT")
    exit(2)
}
var logger = Logger(label: "bench")
logger.logLevel = ProcessInfo.processInfo.environment["BENCH_ACCESS_LOG"] == "1" ? .info : .warning

switch arguments[1] {
case "bare":
    let router = Router()
    router.post("/predict") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        let input = try JSONDecoder().decode(IrisInput.self, from: Data(body.readableBytesView))
        let output = try JSONEncoder().encode(classify(input.input))
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: output))
        )
    }
    router.post("/iris/predict") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        let input = try JSONDecoder().decode(ZeroCodeInput.self, from: Data(body.readableBytesView))
        let rows = input.floatInput.map { $0.map(Double.init) }
        return try jsonResponse(
            ZeroCodeOutput(label: classify(rows).map(Int64.init), probabilities: rows.map(probabilities)))
    }
    router.post("/v2/models/iris/infer") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        let v2 = try JSONDecoder().decode(V2Request.self, from: Data(body.readableBytesView))
        guard let x = v2.inputs.first, x.shape.count == 2, x.shape[1] == 4, x.data.count == x.shape[0] * 4 else {
            throw BareError(message: "expected one [N, 4] input")
        }
        let rows = stride(from: 0, to: x.data.count, by: 4).map { Array(x.data[$0..<($0 + 4)]) }
        let n = rows.count
        return try jsonResponse(
            V2Response(
                modelName: "iris",
                outputs: [
                    .init(name: "label", datatype: "INT64", shape: [n], data: classify(rows).map(Double.init)),
                    .init(
                        name: "probabilities", datatype: "FP32", shape: [n, 3],
                        data: rows.flatMap { probabilities($0).map(Double.init) }),
                ]
            ))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    try await app.runService()
case "served":
    let model = ServedModel(
        name: "iris",
        platform: "swift",
        inputs: [TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4])],
        outputs: [TensorSpec(name: "label", dtype: .int64, shape: [-1])]
    ) { inputs in
        let x = inputs["float_input"]!
        let values = try x.values(as: Float.self).map(Double.init)
        let rows = stride(from: 0, to: values.count, by: 4).map { Array(values[$0..<($0 + 4)]) }
        return ["label": try Tensor(classify(rows).map(Int64.init), shape: [rows.count])]
    }
    let service = BentoService(name: "iris", models: [model]) {
        API("predict", input: .json(IrisInput.self), output: .json([Int].self)) { input, _ in
            let x = try Tensor(input.input.flatMap { $0.map(Float.init) }, shape: [input.input.count, 4])
            let y = try await model.infer(["float_input": x])
            return try y["label"]!.values(as: Int64.self).map(Int.init)
        }
    }
    var configuration = HTTPConfiguration(host: "127.0.0.1", port: port)
    // BENCH_TIMEOUT=off measures without the request timeout (default: on, 60 s).
    if ProcessInfo.processInfo.environment["BENCH_TIMEOUT"] == "off" { configuration.traffic.timeout = nil }
    try await BentoHTTPServer(service: service, configuration: configuration, logger: logger).runUntilSignalled()
default:
    print("unknown mode \(arguments[1])")
    exit(2)
}
