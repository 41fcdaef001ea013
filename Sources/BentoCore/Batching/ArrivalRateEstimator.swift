/// Estimates how fast rows arrive: an exponentially weighted mean of the interval between
/// requests and of their row counts.
///
/// The batcher waits for company only when this says more rows are coming soon. With one
/// closed-loop caller the interval is at least a batch's run time, so a lone caller never waits.
///
/// ```swift
/// var arrivals = ArrivalRateEstimator<ContinuousClock.Instant>()
/// arrivals.record(rows: 1, at: now)
/// arrivals.secondsPerRow   // nil until two arrivals were seen
/// ```
package struct ArrivalRateEstimator<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    private var last: Instant?
    private var meanInterval: Double?
    private var meanRows: Double = 1
    private let weight: Double

    /// Creates an estimator; `weight` is how much each new sample counts (0…1).
    package init(weight: Double = 0.2) {
        self.weight = weight
    }

    /// Records a request of `rows` rows arriving at `instant`. An interval longer than
    /// `maxInterval` seconds counts as `maxInterval`: past some length a quiet gap says only
    /// "rows are far apart", and letting one long gap (callers blocked on a running batch) weigh
    /// in full would make the burst that ends it look sparse.
    package mutating func record(rows: Int, at instant: Instant, maxInterval: Double = .infinity) {
        defer { last = instant }
        meanRows += weight * (Double(rows) - meanRows)
        guard let last else { return }
        let interval = min(max(0, LatencyModel.seconds(last.duration(to: instant))), maxInterval)
        if let mean = meanInterval {
            meanInterval = mean + weight * (interval - mean)
        } else {
            meanInterval = interval
        }
    }

    /// The expected seconds between two arriving rows, or `nil` before there is evidence.
    package var secondsPerRow: Double? {
        guard let meanInterval else { return nil }
        return meanInterval / max(meanRows, 1)
    }
}
