import Foundation
import Testing

@testable import BentoCore

/// The JSON number path gives exactly what Swift's own `Float(text)` and `Double(text)` give, bit for
/// bit, on texts chosen to hit every fast path and every fallback: short decimals, long significands,
/// exponents, zeros of both signs, subnormals, overflow, and exact and near midpoints between floats.
@Suite struct TensorJSONNumberTests {
    static func digits(_ count: Int, _ rng: inout SplitMix64) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
    }

    /// Texts of every shape a JSON number takes.
    static func sample(_ n: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)  // deterministic: a failure names a reproducible text
        var out: [String] = [
            "0", "-0", "0.0", "-0.0", "-0e5", "0e-400", "1", "-1", "16777216", "16777217", "16777219",
            "33554434", "33554438", "9007199254740993", "1e10", "1e11", "1e22", "1e23", "1e-10", "1e-11",
            "3.4028235e38", "3.4028236e38", "3.4028237e38", "1e39", "1e999", "-1e999", "1.1754944e-38",
            "1.1754942e-38", "1.4e-45", "7e-46", "7.1e-46", "1e-46", "1e-400", "2.2250738585072014e-308",
            "4.9e-324", "2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623159e308",
            "0.000000000000000000000000000000000000000000001", "123456789012345678901234567890",
            "0.1234567890123456789012345", "9.999999999999999999999e-5", "1.00000005960464477539062500001",
            "1.000000059604644775390625", "1.00000005960464477539062499999", "0.30000001192092895507812",
        ]
        for _ in 0..<n {
            let sign = Bool.random(using: &rng) ? "-" : ""
            switch Int.random(in: 0..<8, using: &rng) {
            case 0:  // short decimals, like the PP-OCR body
                out.append(sign + "0." + digits(Int.random(in: 1...6, using: &rng), &rng))
            case 1:  // long significands
                let whole = digits(Int.random(in: 1...12, using: &rng), &rng)
                out.append(sign + whole + "." + digits(Int.random(in: 1...25, using: &rng), &rng))
            case 2:  // exponents, small and large
                let e = Int.random(in: -330...310, using: &rng)
                out.append(sign + digits(1, &rng) + "." + digits(Int.random(in: 1...12, using: &rng), &rng) + "e\(e)")
            case 3:  // exponent forms of floats' own texts
                let f = Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &rng))
                out.append(sign + String(format: "%.\(Int.random(in: 5...12, using: &rng))e", Double(f)))
            case 4:  // floats' shortest texts
                out.append(sign + "\(Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &rng)))")
            case 5:  // the exact decimal of a midpoint between two floats, and just beside it
                let f = Float.random(in: 0.001..<1000, using: &rng)
                let mid = (Double(f) + Double(f.nextUp)) / 2
                let exact = String(format: "%.45f", mid)
                out.append(sign + exact)
                out.append(sign + exact + "1")
                out.append(sign + String(format: "%.17g", mid.nextDown))
            case 6:  // subnormal floats
                let f = Float(bitPattern: UInt32.random(in: 1..<0x0080_0000, using: &rng))
                out.append(sign + String(format: "%.\(Int.random(in: 3...20, using: &rng))e", Double(f)))
            default:  // integers written as numbers
                out.append(sign + digits(Int.random(in: 1...22, using: &rng), &rng))
            }
        }
        return out
    }

    private func parse(_ texts: [String], _ dtype: DType) throws -> Tensor {
        try Tensor(json: Array(("[" + texts.joined(separator: ", ") + "]").utf8), dtype: dtype, name: "x")
    }

    @Test func float32MatchesSwiftsParser() throws {
        let texts = Self.sample(20_000, seed: 8)
        let parsed = try parse(texts, .float32).values(as: Float.self)
        for (text, value) in zip(texts, parsed) {
            let expected = try #require(Float(text))
            #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs Float(text) \(expected)")
        }
    }

    @Test func float64MatchesSwiftsParser() throws {
        let texts = Self.sample(20_000, seed: 64)
        let parsed = try parse(texts, .float64).values(as: Double.self)
        for (text, value) in zip(texts, parsed) {
            let expected = try #require(Double(text))
            #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) vs Double(text) \(expected)")
        }
    }

    @Test func nestedAndEmbeddedTensorsTakeTheSamePath() throws {
        let texts = Self.sample(2_000, seed: 3).prefix(2_000)
        let rows = stride(from: 0, to: 2_000, by: 20).map { "[" + texts[$0..<$0 + 20].joined(separator: ",") + "]" }
        let body = Array(("{\"x\": [\n" + rows.joined(separator: ",\n ") + "\n]}").utf8)
        let descriptor = TensorMapDescriptor(specs: [TensorSpec(name: "x", dtype: .float32, shape: [-1, 20])])
        let tensor = try #require(try descriptor.decode(APIRequest(body: body, contentType: "application/json"))["x"])
        #expect(tensor.shape == [100, 20])
        #expect(try tensor.values(as: Float.self).map(\.bitPattern) == texts.map { Float($0)!.bitPattern })
    }

    @Test func malformedNumbersAreRejected() {
        for text in ["[1.]", "[.5]", "[1e]", "[1e+]", "[-]", "[1.5.2]", "[01.e3]", "[1, -]"] {
            #expect(throws: TensorError.self, "\(text)") { try Tensor(json: Array(text.utf8), dtype: .float32) }
        }
    }
}
