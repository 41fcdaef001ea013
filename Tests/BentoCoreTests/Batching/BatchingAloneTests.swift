import Testing

@testable import BentoCore

/// `enqueueIfSentAlone` decides in place what `enqueue` decides on the same state: when it sends a
/// request alone, `enqueue` would have dispatched exactly that batch; when it declines, the state is
/// as before, so the driver's `enqueue` that follows sees what it would have seen.
@Suite("BatchingStateMachine lone requests")
struct BatchingAloneTests {
    typealias Machine = BatchingStateMachine<ManualClock.Instant>

    @Test(arguments: [7, 8, 9, 512, 4096] as [UInt64])
    func aloneAgreesWithEnqueue(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let maxBatchSize = Int.random(in: 1...8, using: &rng)
        let workers = Int.random(in: 1...3, using: &rng)
        var m = Machine(maxBatchSize: maxBatchSize, maxLatency: .milliseconds(50), workers: workers)
        var inFlight: [UInt64: Double] = [:]  // batch id → end (ms)
        var timers: [ManualClock.Instant] = []
        var now = 0.0
        var nextID: UInt64 = 0
        var alone = 0
        var answered = Set<UInt64>()
        var dispatchedRows: [UInt64: Int] = [:]
        var rowsOf: [UInt64: Int] = [:]

        func apply(_ actions: [Machine.Action]) {
            for action in actions {
                switch action {
                case .dispatch(let batch):
                    inFlight[batch.id] = now + 0.2 + 0.05 * Double(batch.rowCount)
                    for piece in batch.pieces { dispatchedRows[piece.request, default: 0] += piece.rows.count }
                case .shed(let ids):
                    answered.formUnion(ids)
                case .scheduleTimer(let at):
                    timers.append(at)
                }
            }
        }

        for _ in 0..<2_000 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                now += Double.random(in: 0...1.5, using: &rng)
                let rows = Int.random(in: 1...(maxBatchSize + 1), using: &rng)
                let id = nextID
                nextID += 1
                rowsOf[id] = rows
                var reference = m
                let expected = reference.enqueue(id: id, rows: rows, at: .ms(now))
                if let batch = m.enqueueIfSentAlone(id: id, rows: rows, at: .ms(now)) {
                    alone += 1
                    #expect(expected == [.dispatch(batch)], "a lone request's batch differs from enqueue's")
                    #expect(batch.pieces.count == 1 && batch.pieces[0].isWhole && batch.pieces[0].request == id)
                    apply([.dispatch(batch)])
                } else {
                    // Declined: nothing changed, so enqueue now decides as it did on the copy.
                    let actions = m.enqueue(id: id, rows: rows, at: .ms(now))
                    #expect(actions == expected, "enqueueIfSentAlone changed the state when it declined")
                    apply(actions)
                }
            case 5..<9:
                if let (id, end) = inFlight.min(by: { $0.value < $1.value }) {
                    inFlight[id] = nil
                    now = max(now, end)
                    apply(m.batchFinished(id, duration: .microseconds(200), at: .ms(now)))
                }
            default:
                if let at = timers.min() {
                    timers.removeAll { $0 == at }
                    now = max(now, at.offset / .milliseconds(1))
                    apply(m.timerFired(at: at))
                }
            }
        }
        #expect(alone > 0, "no request went out alone")
        for (id, rows) in rowsOf where !answered.contains(id) && m.queuedRequests.firstIndex(of: id) == nil {
            #expect((dispatchedRows[id] ?? 0) <= rows)
        }
    }

    @Test func aLoneCallerAlwaysGoesAlone() {
        var m = Machine(maxBatchSize: 100, maxLatency: .seconds(1), workers: 2)
        var now = 0.0
        for id in 0..<500 as Range<UInt64> {
            guard let batch = m.enqueueIfSentAlone(id: id, rows: 1, at: .ms(now)) else {
                Issue.record("request \(id) of a lone caller did not go out alone")
                return
            }
            now += 0.3
            _ = m.batchFinished(batch.id, duration: .microseconds(300), at: .ms(now))
            now += 0.05
        }
        #expect(m.queuedRequests.isEmpty && m.inFlightCount == 0)
    }
}
