import Testing

@testable import BentoCore

/// Random arrivals, completions, cancellations and timers against the state machine: every request
/// is answered exactly once, with all its rows in order, and no batch breaks a limit.
@Suite("BatchingStateMachine properties")
struct BatchingPropertyTests {
    typealias Machine = BatchingStateMachine<ManualClock.Instant>

    enum Fate: Equatable { case waiting, shed, cancelled, done }

    struct Request {
        var rows: Int
        var dispatched: [Range<Int>] = []
        var finishedRows = 0
        var fate = Fate.waiting
    }

    @Test(arguments: [1, 2, 3, 42, 1234, 99_999] as [UInt64])
    func randomTraffic(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let maxBatchSize = Int.random(in: 1...16, using: &rng)
        let workers = Int.random(in: 1...4, using: &rng)
        let maxLatency = Duration.milliseconds(Int.random(in: 3...40, using: &rng))
        var m = Machine(maxBatchSize: maxBatchSize, maxLatency: maxLatency, workers: workers)
        var requests: [Request] = []
        var inFlight: [UInt64: (batch: Machine.Batch, end: Double, cost: Double)] = [:]
        var timers: [ManualClock.Instant] = []
        var now = 0.0
        var firstDispatchOrder: [UInt64] = []

        func apply(_ actions: [Machine.Action]) {
            for action in actions {
                switch action {
                case .dispatch(let batch):
                    #expect(batch.rowCount >= 1 && batch.rowCount <= maxBatchSize)
                    #expect(inFlight.count < workers)
                    #expect(!inFlight.values.contains { $0.batch.worker == batch.worker })
                    for piece in batch.pieces {
                        let id = Int(piece.request)
                        #expect(requests[id].fate == .waiting)
                        let expectedStart = requests[id].dispatched.last?.upperBound ?? 0
                        #expect(piece.rows.lowerBound == expectedStart, "rows of request \(id) out of order")
                        if expectedStart == 0 { firstDispatchOrder.append(piece.request) }
                        requests[id].dispatched.append(piece.rows)
                    }
                    let cost = 0.5 + 0.1 * Double(batch.rowCount) * Double.random(in: 0.5...1.5, using: &rng)
                    inFlight[batch.id] = (batch, now + cost, cost)
                case .shed(let ids):
                    for id in ids.map({ Int($0) }) {
                        #expect(requests[id].fate == .waiting && requests[id].dispatched.isEmpty)
                        requests[id].fate = .shed
                    }
                case .scheduleTimer(let at):
                    #expect(at.offset >= ManualClock.Instant.ms(now).offset)
                    timers.append(at)
                }
            }
        }

        /// Moves the clock to a timer's exact instant (or leaves it where it is, when later), so
        /// that a timer never fires before its instant because of rounding in `now`.
        func advance(to at: ManualClock.Instant) -> ManualClock.Instant {
            let current = ManualClock.Instant.ms(now)
            guard at > current else { return current }
            now = at.offset / .milliseconds(1)
            return at
        }

        func finish(_ id: UInt64) {
            guard let (batch, end, cost) = inFlight.removeValue(forKey: id) else { return }
            now = max(now, end)
            for piece in batch.pieces {
                let r = Int(piece.request)
                requests[r].finishedRows += piece.rows.count
                if requests[r].finishedRows == requests[r].rows && requests[r].fate == .waiting {
                    requests[r].fate = .done
                }
            }
            apply(m.batchFinished(id, duration: .microseconds(Int(cost * 1000)), at: .ms(now)))
        }

        for _ in 0..<600 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                now += Double.random(in: 0...0.6, using: &rng)
                let rows = Int.random(in: 1...(maxBatchSize * 2), using: &rng)
                requests.append(Request(rows: rows))
                apply(m.enqueue(id: UInt64(requests.count - 1), rows: rows, at: .ms(now)))
            case 5..<8:
                if let next = inFlight.min(by: { $0.value.end < $1.value.end }) { finish(next.key) }
            case 8:
                if let id = m.queuedRequests.randomElement(using: &rng) {
                    let result = m.cancel(id, at: .ms(now))
                    #expect(result.removed)
                    requests[Int(id)].fate = .cancelled
                    apply(result.actions)
                }
            default:
                if let at = timers.min() {
                    timers.removeAll { $0 == at }
                    apply(m.timerFired(at: advance(to: at)))
                }
            }
        }
        // Drain: finish everything, fire every timer.
        var guardCount = 0
        while (!inFlight.isEmpty || !m.queuedRequests.isEmpty), guardCount < 100_000 {
            guardCount += 1
            if let next = inFlight.min(by: { $0.value.end < $1.value.end }) {
                finish(next.key)
            } else if let at = timers.min() {
                timers.removeAll { $0 == at }
                apply(m.timerFired(at: advance(to: at)))
            } else {
                Issue.record("requests queued with nothing in flight and no timer armed: \(m.queuedRequests)")
                break
            }
        }
        for (id, request) in requests.enumerated() {
            #expect(request.fate != .waiting, "request \(id) was never answered")
            if request.fate == .done {
                #expect(request.dispatched.reduce(0) { $0 + $1.count } == request.rows)
            }
            if request.fate == .cancelled {
                #expect(request.dispatched.reduce(0) { $0 + $1.count } < request.rows)
            }
        }
        #expect(firstDispatchOrder == firstDispatchOrder.sorted(), "requests left out of FIFO order")
        #expect(requests.contains { $0.fate == .done })
    }
}
