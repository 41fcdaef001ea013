import BentoCore
import Foundation

// JSON tensor decoding benchmark: prints figures, never fails on time.
//   swift run -c release JSONTensorBenchmark [body.json] [iterations, default 200]
//
// Decodes a JSON object of named tensors the way the zero-code `POST /<model>/predict` route does
// (`TensorMapDescriptor` with float32 specs), by default the PP-OCR cls body of scripts/bench/compare
// (.bench/bodies/ppocr.json: 27,648 floats in a [1, 3, 48, 192] nested array), then the same values
// printed with 9 significant digits and with exponents (the text of a float32 written as a double by
// other JSON libraries), and reports the median time per body and per element over `iterations` runs.
let path = CommandLine.arguments.dropFirst().first ?? ".bench/bodies/ppocr.json"
let iterations = max(1, CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 200)
guard let body = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
    print("cannot read \(path); run scripts/bench/compare --quick once to prepare it, or pass a JSON body")
    exit(2)
}

/// The body's tensors, as float32 specs of the shapes they have, so the descriptor parses them typed.
let probe = try TensorMapDescriptor().decode(APIRequest(body: body, contentType: "application/json"))
let specs = probe.keys.sorted().map { TensorSpec(name: $0, dtype: .float32, shape: probe[$0]!.shape) }
let descriptor = TensorMapDescriptor(specs: specs)
let elements = probe.values.reduce(0) { $0 + $1.count }

/// The same tensors written with other digits, as `{"name": [[...]], ...}`.
func rewritten(_ format: (Float) -> String) throws -> [UInt8] {
    var text = "{"
    for (k, spec) in specs.enumerated() {
        let values = try probe[spec.name]!.doubleValues().map { format(Float($0)) }
        var index = 0
        func level(_ depth: Int) {
            text += "["
            for i in 0..<spec.shape[depth] {
                if i > 0 { text += "," }
                if depth == spec.shape.count - 1 {
                    text += values[index]
                    index += 1
                } else {
                    level(depth + 1)
                }
            }
            text += "]"
        }
        text += (k > 0 ? "," : "") + "\"\(spec.name)\":"
        level(0)
    }
    return Array((text + "}").utf8)
}

let bodies: [(String, [UInt8])] = [
    ("as given", body),
    ("9 significant digits", try rewritten { String(format: "%.9g", Double($0)) }),
    ("exponent form", try rewritten { String(format: "%.6e", Double($0)) }),
    ("shortest round-trip (Swift)", try rewritten { "\($0)" }),
]

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

print("JSONTensorBenchmark: \(path), \(elements) elements, \(iterations) iterations, medians")
print("| body | bytes | ms per body | ns per element | MB/s |")
print("| --- | --- | --- | --- | --- |")
let clock = ContinuousClock()
for (label, bytes) in bodies {
    let request = APIRequest(body: bytes, contentType: "application/json")
    var samples: [Double] = []
    var checksum = 0
    for _ in 0..<iterations {
        let start = clock.now
        let decoded = try descriptor.decode(request)
        let elapsed = clock.now - start
        checksum &+= decoded.count
        samples.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    }
    let m = median(samples)
    print(
        "| \(label) | \(bytes.count) | \(String(format: "%.3f", m * 1e3)) | \(String(format: "%.1f", m * 1e9 / Double(elements))) | \(String(format: "%.0f", Double(bytes.count) / m / 1e6)) |"
    )
    precondition(checksum == iterations * specs.count)
}
