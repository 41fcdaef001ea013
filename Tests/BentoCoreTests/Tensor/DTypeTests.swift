import Testing

@testable import BentoCore

@Suite struct DTypeTests {
    @Test(arguments: DType.allCases)
    func parsesItsOwnNames(dtype: DType) throws {
        #expect(try DType(parsing: dtype.rawValue) == dtype)
        #expect(try DType(parsing: dtype.oipName) == dtype)
    }

    @Test func rejectsUnknownNames() {
        #expect(throws: TensorError.self) { try DType(parsing: "float128") }
    }
}
