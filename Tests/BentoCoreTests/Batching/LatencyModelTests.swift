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

    @Test func sameSizedBatchesKeepTheStartingFixedCost() {
        // One-row batches of 5 ms cannot tell fixed from per-row cost: the fixed cost stays at
        // its starting 1 ms and the rest is per row, so waiting for company is not overrated.
        var model = LatencyModel(perRow: 0.000_1, fixed: 0.001)
        for _ in 0..<10 { model.record(rows: 1, seconds: 0.005) }
        #expect(abs(model.fixed - 0.001) < 1e-12)
        #expect(abs(model.perRow - 0.004) < 1e-12)
        #expect(abs(model.predict(rows: 1) - 0.005) < 1e-12)
    }

    @Test func sameSizedBatchesCheaperThanTheStartingFixedCostAreAllFixed() {
        var model = LatencyModel(perRow: 0.000_1, fixed: 0.001)
        for _ in 0..<10 { model.record(rows: 4, seconds: 0.000_5) }
        #expect(abs(model.fixed - 0.000_5) < 1e-12)
        #expect(model.perRow == 0)
    }

    @Test func variedBatchSizesReplaceTheStartingSplit() {
        var model = LatencyModel(perRow: 0.000_1, fixed: 0.001)
        for _ in 0..<4 { model.record(rows: 1, seconds: 0.0054) }
        for n in [8, 16, 4, 12] { model.record(rows: n, seconds: 0.0019 + 0.0035 * Double(n)) }
        // Four one-row samples and four on the true line: the fit is exact.
        #expect(abs(model.fixed - 0.0019) < 1e-9)
        #expect(abs(model.perRow - 0.0035) < 1e-9)
    }

    @Test func coefficientsStayNonNegative() {
        var model = LatencyModel()
        for n in [1, 2, 3, 4] { model.record(rows: n, seconds: 0.010 - 0.002 * Double(n)) }
        #expect(model.perRow >= 0 && model.fixed >= 0)
    }
}
