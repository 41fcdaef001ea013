/// The batch latency model `latency(n) ≈ a·n + b`, learned online.
///
/// Keeps a window of recent `(rows, seconds)` samples and refits by least squares every
/// `refitInterval` samples (after each of the first ones, so it learns fast). When every sample
/// in the window has the same row count the split between the two cannot be told apart; then the
/// fixed cost stays at its starting value (or the whole mean, if that is less) and the slope takes
/// the rest. Overstating `b` is the costly mistake there (the batcher would hold rows for company
/// that does not pay), while understating it only batches less until varied batch sizes, which
/// load produces by itself, let the fit see both. Both coefficients are clamped at zero.
///
/// ```swift
/// var model = LatencyModel()
/// model.record(rows: 8, seconds: 0.0024)
/// model.predict(rows: 16)   // seconds
/// ```
package struct LatencyModel: Sendable, Hashable {
    /// Seconds per row.
    package private(set) var perRow: Double
    /// Fixed seconds per batch.
    package private(set) var fixed: Double
    /// How many samples were recorded in all.
    package private(set) var sampleCount = 0

    private var rows: [Double] = []
    private var seconds: [Double] = []
    private var next = 0
    private let window: Int
    private let refitInterval: Int
    private let startingFixed: Double

    /// Creates a model with starting values: 1 ms per batch and 0.1 ms per row, so that waiting
    /// looks worthwhile only once real measurements say so.
    package init(perRow: Double = 0.0001, fixed: Double = 0.001, window: Int = 64, refitInterval: Int = 8) {
        self.perRow = perRow
        self.fixed = fixed
        self.startingFixed = max(0, fixed)
        self.window = max(2, window)
        self.refitInterval = max(1, refitInterval)
    }

    /// The predicted seconds for a batch of `rows` rows.
    package func predict(rows: Int) -> Double { perRow * Double(rows) + fixed }

    /// The predicted duration for a batch of `rows` rows.
    package func predictDuration(rows: Int) -> Duration { .seconds(predict(rows: rows)) }

    /// Records one finished batch and refits when it is time.
    package mutating func record(rows n: Int, seconds d: Double) {
        guard n > 0, d.isFinite, d >= 0 else { return }
        if rows.count < window {
            rows.append(Double(n))
            seconds.append(d)
        } else {
            rows[next] = Double(n)
            seconds[next] = d
        }
        next = (next + 1) % window
        sampleCount += 1
        if sampleCount <= refitInterval || sampleCount % refitInterval == 0 { refit() }
    }

    private mutating func refit() {
        let count = Double(rows.count)
        let meanN = rows.reduce(0, +) / count
        let meanD = seconds.reduce(0, +) / count
        var covariance = 0.0
        var variance = 0.0
        for i in rows.indices {
            covariance += (rows[i] - meanN) * (seconds[i] - meanD)
            variance += (rows[i] - meanN) * (rows[i] - meanN)
        }
        guard variance > 1e-9 else {
            fixed = min(startingFixed, meanD)
            perRow = (meanD - fixed) / meanN
            return
        }
        perRow = max(0, covariance / variance)
        fixed = meanD - perRow * meanN
        if fixed < 0 {
            fixed = 0
            perRow = meanD / meanN
        }
    }

    /// Seconds in a duration, as a `Double`.
    package static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
