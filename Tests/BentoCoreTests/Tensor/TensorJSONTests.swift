import Foundation
import Testing

@testable import BentoCore

@Suite struct TensorJSONTests {
    private func parse(_ text: String, _ dtype: DType? = nil) throws -> Tensor {
        try Tensor(json: Array(text.utf8), dtype: dtype, name: "x")
    }

    @Test func nestedArraysGiveTheShape() throws {
        let t = try parse("[[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2]]", .float32)
        #expect(t.shape == [2, 4])
        #expect(try t.values(as: Float.self) == [5.1, 3.5, 1.4, 0.2, 4.9, 3.0, 1.4, 0.2])
    }

    @Test func inferredDTypes() throws {
        #expect(try parse("[1, 2, -3]").dtype == .int64)
        #expect(try parse("[1, 2.5]").dtype == .float64)
        #expect(try parse("[true, false]").dtype == .bool)
        #expect(try parse(#"["a", "b"]"#).dtype == .string)
        #expect(try parse("7").shape == [])
        #expect(try parse("[]").shape == [0])
        #expect(try parse("[[], []]").shape == [2, 0])
    }

    @Test func numbersParseExactly() throws {
        let text = "[0.1, -2.5e-3, 1E10, 123456789.123456789, 9007199254740993, 3.4028235e38, -0]"
        let t = try parse(text, .float64)
        let expected: [Double] = [0.1, -2.5e-3, 1e10, 123456789.123456789, 9007199254740993, 3.4028235e38, -0.0]
        #expect(try t.values(as: Double.self) == expected)
        let ints = try parse("[9223372036854775807, -9223372036854775808]", .int64)
        #expect(try ints.values(as: Int64.self) == [.max, .min])
        let u = try parse("[18446744073709551615]", .uint64)
        #expect(try u.values(as: UInt64.self) == [.max])
    }

    @Test func valuesAreRangeChecked() throws {
        let e1 = try #require(throws: TensorError.self) { try parse("[1, 300]", .uint8) }
        #expect(e1.message == "x: element 1 (300) is not a valid uint8")
        let e2 = try #require(throws: TensorError.self) { try parse("[1.5]", .int32) }
        #expect(e2.code == .valueOutOfRange)
        #expect(try parse("[2.0]", .int32).values(as: Int32.self) == [2])
        let e3 = try #require(throws: TensorError.self) { try parse(#"[1, "a"]"#, .float32) }
        #expect(e3.message == "x: element 1 is a string, expected a float32 number")
        #expect(try parse("[0, 1, true]", .bool).values(as: Bool.self) == [false, true, true])
        #expect(throws: TensorError.self) { try parse("[2]", .bool) }
    }

    @Test(arguments: [
        ("[[1, 2], [3]]", "array at [1] has 1 elements, expected 2"),
        ("[[1, 2], 3]", "mixes arrays and values"),
        ("[1, [2]]", "mixes arrays and values"),
        ("[1, 2", "unexpected end"),
        ("[1, 2]]", "unexpected text after the value"),
        ("[1,, 2]", "unexpected character ','"),
        ("[null]", "null is not a tensor element"),
        ("[1.]", "invalid number"),
        ("[-]", "invalid number"),
        ("[tru]", "invalid literal"),
        (#"["abc]"#, "unterminated string"),
    ])
    func malformedJSONIsRejected(text: String, fragment: String) throws {
        let error = try #require(throws: TensorError.self) { try parse(text, .float32) }
        #expect(error.code == .invalidJSON || error.code == .dtypeMismatch)
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.message.hasPrefix("x: "))
    }

    @Test func stringsUnescape() throws {
        let t = try parse(#"["a\"b", "\u00e9\ud83d\ude00", "tab\there"]"#)
        #expect(try t.strings() == ["a\"b", "é😀", "tab\there"])
        let back = try Tensor(json: t.jsonBytes(), dtype: .string)
        #expect(back == t)
    }

    @Test func flatDataTakesTheGivenShape() throws {
        let t = try Tensor(jsonData: Array("[1, 2, 3, 4, 5, 6]".utf8), shape: [2, 3], dtype: .float32)
        #expect(t.shape == [2, 3])
        let nested = try Tensor(jsonData: Array("[[1, 2, 3], [4, 5, 6]]".utf8), shape: [2, 3], dtype: .float32)
        #expect(nested == t)
        let e = try #require(throws: TensorError.self) {
            try Tensor(jsonData: Array("[1, 2, 3]".utf8), shape: [2, 2], dtype: .float32, name: "input0")
        }
        #expect(e.message == "input0: shape [2, 2] needs 4 elements, the data has 3")
    }

    @Test func writesBothForms() throws {
        let t = try Tensor([1, 2.5, -3, 4] as [Float], shape: [2, 2])
        #expect(String(decoding: t.jsonBytes(), as: UTF8.self) == "[[1.0,2.5],[-3.0,4.0]]")
        #expect(String(decoding: t.jsonBytes(.flat), as: UTF8.self) == "[1.0,2.5,-3.0,4.0]")
        #expect(String(decoding: Tensor(scalar: Int64(-42)).jsonBytes(), as: UTF8.self) == "-42")
        #expect(String(decoding: Tensor([Float.nan]).jsonBytes(), as: UTF8.self) == "[null]")
        #expect(String(decoding: try Tensor([UInt8](), shape: [0, 3]).jsonBytes(), as: UTF8.self) == "[]")
    }

    @Test(arguments: DType.allCases)
    func everyDTypeRoundTripsThroughJSON(dtype: DType) throws {
        let source: Tensor
        switch dtype {
        case .string: source = try Tensor(strings: ["x", "y", "z", "w", "", "ü"], shape: [2, 3])
        case .bool: source = try Tensor([true, false, true, true, false, false], shape: [2, 3])
        default:
            source = try NumericConversion.tensor(from: [0, 1, 2, 3, 4, 100], dtype: dtype, shape: [2, 3])
        }
        #expect(try Tensor(json: source.jsonBytes(), dtype: dtype) == source)
        #expect(try Tensor(jsonData: source.jsonBytes(.flat), shape: [2, 3], dtype: dtype) == source)
    }

    @Test func float32ValuesRoundTripExactly() throws {
        var rng = SplitMix64(seed: 7)
        let values = (0..<2000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }.filter(\.isFinite)
        let t = Tensor(values)
        #expect(try Tensor(json: t.jsonBytes(), dtype: .float32) == t)
    }

    @Test func codableUsesTheOpenInferenceProtocolForm() throws {
        let t = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let data = try JSONEncoder().encode(t)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["datatype"] as? String == "FP32")
        #expect(object["shape"] as? [Int] == [2, 2])
        #expect(try JSONDecoder().decode(Tensor.self, from: data) == t)
        let strings = try Tensor(strings: ["a", "b"], shape: [2])
        #expect(try JSONDecoder().decode(Tensor.self, from: JSONEncoder().encode(strings)) == strings)
    }

    @Test func embeddedValueReportsWhereItEnds() throws {
        let doc = Array(#"{"data": [[1, 2], [3, 4]], "shape": [2, 2]}"#.utf8)
        let start = 9
        let (tensor, end) = try doc.withUnsafeBufferPointer { buffer in
            try Tensor.parseJSONValue(in: buffer, from: start, dtype: .int32, name: "data")
        }
        #expect(tensor.shape == [2, 2])
        #expect(doc[end] == UInt8(ascii: ","))
    }
}
