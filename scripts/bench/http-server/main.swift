// The server side of scripts/bench/http-bench: `bento-http-bench MODE PORT`.
//
//   bare    a bare Hummingbird route POST /predict that decodes {"input": [[Double]]} with Codable
//           and returns the labels as JSON, the ceiling to compare with;
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
