import Testing

@testable import BentoCore

@Suite("Tensor padding")
struct TensorPaddingTests {
    @Test func padsAlongAnInnerAxisAndTruncatesBack() throws {
        let ids = try Tensor([1, 2, 3, 4, 5, 6] as [Int64], shape: [2, 3])
        let padded = try ids.padded(axis: 1, to: 5, with: -1)
        #expect(padded.shape == [2, 5])
        #expect(try padded.values(as: Int64.self) == [1, 2, 3, -1, -1, 4, 5, 6, -1, -1])
        #expect(try padded.truncated(axis: 1, to: 3) == ids)
    }

    @Test func padsFloatsAndStrings() throws {
        let x = try Tensor([1.5] as [Float], shape: [1, 1])
        #expect(try x.padded(axis: 1, to: 3, with: 0.25).values(as: Float.self) == [1.5, 0.25, 0.25])
        let s = try Tensor(strings: ["a"], shape: [1, 1])
        #expect(try s.padded(axis: 1, to: 2).strings() == ["a", ""])
    }

    @Test func rejectsShorterTargetsAndBadValues() throws {
        let ids = try Tensor([1, 2, 3] as [Int64], shape: [1, 3])
        #expect(throws: TensorError.self) { try ids.padded(axis: 1, to: 2) }
        #expect(throws: TensorError.self) { try ids.padded(axis: 2, to: 4) }
        #expect(throws: TensorError.self) { try ids.padded(axis: 1, to: 4, with: 0.5) }
    }
}
