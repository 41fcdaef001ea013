import Testing

@testable import BentoCore

@Suite struct TensorTests {
    @Test func scalarHasRankZeroAndOneElement() throws {
        let t = Tensor(scalar: Float(2.5))
        #expect(t.rank == 0)
        #expect(t.shape == [])
        #expect(t.count == 1)
        #expect(try t.values(as: Float.self) == [2.5])
    }

    @Test func zeroLengthBatch() throws {
        let t = try Tensor([Float](), shape: [0, 4])
        #expect(t.count == 0)
        #expect(t.bytes.isEmpty)
        let joined = try Tensor.concatenate([t, try Tensor([Float](repeating: 1, count: 4), shape: [1, 4])])
        #expect(joined.shape == [1, 4])
        let parts = try joined.split(sizes: [0, 1, 0])
        #expect(parts.map(\.shape) == [[0, 4], [1, 4], [0, 4]])
    }

    @Test func byteCountMustMatchShape() {
        #expect(throws: TensorError(.byteCountMismatch, "float32 tensor of shape [2, 2] needs 4 × 4 = 16 bytes, got 15")) {
            try Tensor(dtype: .float32, shape: [2, 2], bytes: [UInt8](repeating: 0, count: 15))
        }
        #expect(throws: TensorError.self) { try Tensor(dtype: .int8, shape: [-1], bytes: []) }
        #expect(throws: TensorError.self) { try Tensor([1, 2, 3] as [Int32], shape: [2, 2]) }
    }

    @Test func typedAccessChecksDType() throws {
        let t = Tensor([1, 2, 3] as [Int64])
        #expect(try t.values(as: Int64.self) == [1, 2, 3])
        let error = try #require(throws: TensorError.self) { try t.values(as: Float.self) }
        #expect(error.code == .dtypeMismatch)
        #expect(try t.doubleValues() == [1, 2, 3])
    }

    @Test func boolsAreOneBytePerElement() throws {
        let t = Tensor([true, false, true])
        #expect(t.bytes == [1, 0, 1])
        #expect(try t.values(as: Bool.self) == [true, false, true])
    }

    @Test func stringTensorsUseLengthPrefixedBytes() throws {
        let t = try Tensor(strings: ["ab", "", "é"], shape: [3])
        #expect(t.bytes == [2, 0, 0, 0, 97, 98, 0, 0, 0, 0, 2, 0, 0, 0, 0xC3, 0xA9])
        #expect(try t.strings() == ["ab", "", "é"])
        #expect(throws: TensorError.self) { try Tensor(dtype: .string, shape: [1], bytes: [5, 0, 0, 0, 1]) }
        #expect(throws: TensorError.self) { try Tensor(dtype: .string, shape: [2], bytes: [0, 0, 0, 0]) }
    }

    @Test func float16RoundTripsThroughFloat() throws {
        let values: [Float] = [0, 1, -2.5, 65504, 0.000061035156, 5.9604645e-08, .infinity]
        let t = try NumericConversion.tensor(from: values.map(Double.init), dtype: .float16, shape: [values.count])
        #expect(t.bytes.count == values.count * 2)
        #expect(try t.doubleValues().map(Float.init) == values)
        // 1/3 rounds to the nearest half: 0x3555.
        #expect(HalfFloat.fromFloat(1.0 / 3.0) == 0x3555)
        #expect(HalfFloat.fromFloat(70000) == 0x7C00)  // overflow → +inf
        #expect(HalfFloat.toFloat(0x7E00).isNaN)
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        let native = try Tensor([Float16(1.5), Float16(-0.25)], shape: [2])
        #expect(native.dtype == .float16)
        #expect(try native.doubleValues() == [1.5, -0.25])
        #endif
    }

    @Test(arguments: [0, 1, 2])
    func concatenateAndSplitAlongAnyAxis(axis: Int) throws {
        // a: [2,3,2] with values 0..<12, b: the same shape plus 100, joined along `axis`.
        let a = try Tensor((0..<12).map(Int32.init), shape: [2, 3, 2])
        let b = try Tensor((0..<12).map { Int32($0 + 100) }, shape: [2, 3, 2])
        let joined = try Tensor.concatenate([a, b], axis: axis)
        var expectedShape = [2, 3, 2]
        expectedShape[axis] *= 2
        #expect(joined.shape == expectedShape)
        let parts = try joined.split(sizes: [a.shape[axis], b.shape[axis]], axis: axis)
        #expect(parts == [a, b])
    }

    @Test func concatenateAlongAxisOneInterleavesRows() throws {
        let a = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let b = try Tensor([5, 6] as [Float], shape: [2, 1])
        let joined = try Tensor.concatenate([a, b], axis: 1)
        #expect(joined.shape == [2, 3])
        #expect(try joined.values(as: Float.self) == [1, 2, 5, 3, 4, 6])
    }

    @Test func stringTensorsConcatenateAndSplit() throws {
        let a = try Tensor(strings: ["a", "bb", "c", "dd"], shape: [2, 2])
        let b = try Tensor(strings: ["x", "yy"], shape: [2, 1])
        let joined = try Tensor.concatenate([a, b], axis: 1)
        #expect(try joined.strings() == ["a", "bb", "x", "c", "dd", "yy"])
        let rows = try joined.split(sizes: [1, 1], axis: 0)
        #expect(try rows[1].strings() == ["c", "dd", "yy"])
        let cols = try joined.split(sizes: [2, 1], axis: 1)
        #expect(cols == [a, b])
    }

    @Test func mismatchesAreNamed() throws {
        let a = try Tensor([1, 2] as [Float], shape: [1, 2])
        let wrongType = try Tensor([1, 2] as [Int32], shape: [1, 2])
        let wrongTrailing = try Tensor([1, 2, 3] as [Float], shape: [1, 3])
        let wrongRank = Tensor([1, 2] as [Float])
        let e1 = try #require(throws: TensorError.self) { try Tensor.concatenate([a, wrongType]) }
        #expect(e1.code == .dtypeMismatch)
        #expect(e1.message == "tensor 1 is int32, expected float32")
        let e2 = try #require(throws: TensorError.self) { try Tensor.concatenate([a, wrongTrailing]) }
        #expect(e2.code == .shapeMismatch)
        #expect(e2.message.contains("dimension 1"))
        let e3 = try #require(throws: TensorError.self) { try Tensor.concatenate([a, wrongRank]) }
        #expect(e3.code == .shapeMismatch)
        #expect(throws: TensorError.self) { try a.split(sizes: [2], axis: 0) }
        #expect(throws: TensorError.self) { try a.split(sizes: [1], axis: 2) }
        #expect(throws: TensorError.self) { try Tensor.concatenate([Tensor(scalar: Float(1))]) }
    }

    @Test func specValidationNamesTheInput() throws {
        let spec = TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4])
        try spec.validate(try Tensor([Float](repeating: 0, count: 8), shape: [2, 4]))
        let wrong = try #require(throws: TensorError.self) {
            try spec.validate(try Tensor([Float](repeating: 0, count: 6), shape: [2, 3]))
        }
        #expect(wrong.message == "input 'float_input' must have 4 at dimension 1 (shape [-1, 4]), got shape [2, 3]")
        let rank = try #require(throws: TensorError.self) { try spec.validate(Tensor([Float(1)])) }
        #expect(rank.message.contains("rank 2"))
        let dtype = try #require(throws: TensorError.self) {
            try spec.validate(try Tensor([Int64](repeating: 0, count: 4), shape: [1, 4]))
        }
        #expect(dtype.message == "input 'float_input' must be float32, got int64")
    }
}
