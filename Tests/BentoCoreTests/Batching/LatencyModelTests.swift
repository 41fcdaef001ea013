import Testing

@testable import BentoCore

@Suite("LatencyModel")
struct LatencyModelTests {
    @Test func learnsSlopeAndInterceptFromBatches() {
        var model = LatencyModel()
        for n in [1, 4, 8, 16, 32, 64, 3, 9, 27, 50, 2, 12, 40, 7, 21, 33] {
            model.record(rows: n, seconds: 0.002 + 0.000_05 * Double(n))
        }
        #expect(abs(model.fixed - 0.002) < 1e-9)
        #expect(abs(model.perRow - 0.000_05) < 1e-9)
        #expect(abs(model.predict(rows: 100) - 0.007) < 1e-9)
    }

    @Test func sameSizedBatchesMoveOnlyTheIntercept() {
        var model = LatencyModel(perRow: 0.001, fixed: 0.001)
        for _ in 0..<10 { model.record(rows: 1, seconds: 0.005) }
        #expect(abs(model.perRow - 0.001) < 1e-12)
        #expect(abs(model.predict(rows: 1) - 0.005) < 1e-12)
    }

    @Test func coefficientsStayNonNegative() {
        var model = LatencyModel()
        for n in [1, 2, 3, 4] { model.record(rows: n, seconds: 0.010 - 0.002 * Double(n)) }
        #expect(model.perRow >= 0 && model.fixed >= 0)
    }
}
