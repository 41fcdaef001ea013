/// The decision logic of one adaptive batcher, as a pure state machine.
///
/// It never reads a clock and never touches tensors: callers pass the current instant into each
/// event, and each event returns the actions to perform (send a batch, shed requests, arm a
/// timer). ``AdaptiveBatcher`` drives it; tests drive it with explicit instants.
///
/// Policy:
/// - Requests leave in FIFO order; a batch holds at most `maxBatchSize` rows, and a request with
///   more rows than fit is split across batches (``Batch/Piece`` says which rows went where).
/// - At most `workers` batches are in flight.
/// - With a worker idle, the queue is sent at once unless the arrival estimate says another row
///   comes so soon that waiting for it costs the waiting rows less, in total, than the fixed cost
///   `b` of a batch that the newcomer would share. A lone caller is therefore never held back:
///   its next request cannot arrive before the last one was answered. A wait ends when two
///   expected gaps pass without a new row (a burst is over), at most `b` after it began, and
///   early enough for the oldest request's latency target.
/// - A request waiting for a busy worker whose predicted completion (worker free, then its
///   batch's run time) exceeds `maxLatency` after its arrival is shed as overloaded, oldest first.
///
/// ```swift
/// var machine = BatchingStateMachine<ContinuousClock.Instant>(
///     maxBatchSize: 64, maxLatency: .milliseconds(50), workers: 2
/// )
/// let actions = machine.enqueue(id: 1, rows: 1, at: .now)   // [.dispatch(batch)] when idle
/// ```
package struct BatchingStateMachine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Identifies a request.
    package typealias RequestID = UInt64

    /// A batch to run: pieces of requests in FIFO order.
    package struct Batch: Sendable, Hashable {
        /// Some rows of one request.
        package struct Piece: Sendable, Hashable {
            /// The request.
            package var request: RequestID
            /// Which of the request's rows, counted along its batch dim.
            package var rows: Range<Int>
            /// Whether these are all of the request's rows.
            package var isWhole: Bool
        }
        /// Identifies the batch in ``batchFinished(_:duration:at:)``.
        package var id: UInt64
        /// The worker slot (0..<workers) it occupies.
        package var worker: Int
        /// The pieces, in queue order.
        package var pieces: [Piece]
        /// The total rows.
        package var rowCount: Int { pieces.reduce(0) { $0 + $1.rows.count } }
    }

    /// What the driver must do after an event.
    package enum Action: Sendable, Hashable {
        /// Run this batch on its worker.
        case dispatch(Batch)
        /// Fail these requests with an overload error; they have left the queue.
        case shed([RequestID])
        /// Call ``timerFired(at:)`` at this instant (or later).
        case scheduleTimer(at: Instant)
    }

    private struct Pending: Sendable {
        var id: RequestID
        var rows: Int
        var nextRow: Int
        var arrival: Instant
        var remaining: Int { rows - nextRow }
    }

    private struct InFlight: Sendable {
        var worker: Int
        var rows: Int
        var expectedFinish: Instant
    }

    package let maxBatchSize: Int
    package let maxLatency: Duration
    package let workers: Int
    /// The learned latency model.
    package private(set) var model: LatencyModel
    private var arrivals = ArrivalRateEstimator<Instant>()
    private var queue: [Pending] = []
    private var inFlight: [UInt64: InFlight] = [:]
    private var waitStart: Instant?
    private var waitUntil: Instant?
    private var armed: [Instant] = []
    /// How many expected inter-arrival gaps a wait lasts without a new row before it ends.
    private static var idleFactor: Double { 2 }
    private var nextBatchID: UInt64 = 0
    /// The rows waiting in the queue.
    package private(set) var queuedRows = 0

    /// Creates a state machine; `model` gives the starting latency estimate.
    package init(maxBatchSize: Int, maxLatency: Duration, workers: Int, model: LatencyModel = LatencyModel()) {
        precondition(maxBatchSize >= 1 && workers >= 1, "maxBatchSize and workers must be at least 1")
        self.maxBatchSize = maxBatchSize
        self.maxLatency = maxLatency
        self.workers = workers
        self.model = model
    }

    /// The requests waiting, oldest first.
    package var queuedRequests: [RequestID] { queue.map(\.id) }
    /// The batches in flight.
    package var inFlightCount: Int { inFlight.count }

    // MARK: - Events

    /// A request of `rows` rows (at least one) arrives.
    package mutating func enqueue(id: RequestID, rows: Int, at now: Instant) -> [Action] {
        precondition(rows >= 1, "a request needs at least one row")
        arrivals.record(rows: rows, at: now)
        queue.append(Pending(id: id, rows: rows, nextRow: 0, arrival: now))
        queuedRows += rows
        return evaluate(at: now, arrival: true)
    }

    /// A timer armed by ``Action/scheduleTimer(at:)`` fired. Stale timers are harmless.
    package mutating func timerFired(at now: Instant) -> [Action] {
        armed.removeAll { $0 <= now }
        return evaluate(at: now)
    }

    /// A batch finished (successfully or not) after running for `duration`.
    package mutating func batchFinished(_ batchID: UInt64, duration: Duration, at now: Instant) -> [Action] {
        if let done = inFlight.removeValue(forKey: batchID) {
            model.record(rows: done.rows, seconds: LatencyModel.seconds(duration))
        }
        return evaluate(at: now)
    }

    /// The caller of a request went away: its rows still in the queue leave it and are never run.
    /// Returns whether any were queued; rows already dispatched run anyway.
    package mutating func cancel(_ id: RequestID, at now: Instant) -> (removed: Bool, actions: [Action]) {
        guard let index = queue.firstIndex(where: { $0.id == id }) else { return (false, []) }
        queuedRows -= queue[index].remaining
        queue.remove(at: index)
        if queue.isEmpty { endWait() }
        return (true, evaluate(at: now))
    }

    // MARK: - Decisions

    private mutating func evaluate(at now: Instant, arrival: Bool = false) -> [Action] {
        var actions: [Action] = []
        let shed = shedOverdue(at: now)
        if !shed.isEmpty { actions.append(.shed(shed)) }
        while inFlight.count < workers, !queue.isEmpty {
            guard queuedRows < maxBatchSize, let gap = waitPays(at: now) else {
                actions.append(.dispatch(makeBatch(at: now)))
                continue
            }
            if arrival || waitUntil == nil {
                // Wait while rows keep coming: until `idleFactor` expected gaps pass without one,
                // and never beyond one fixed cost after the wait began or the oldest's deadline.
                let start = waitStart ?? now
                waitStart = start
                let cap = min(
                    start.advanced(by: .seconds(model.fixed)),
                    queue[0].arrival.advanced(by: maxLatency - model.predictDuration(rows: maxBatchSize))
                )
                let until = min(now.advanced(by: .seconds(gap * Self.idleFactor)), cap)
                guard until > now else {
                    actions.append(.dispatch(makeBatch(at: now)))
                    continue
                }
                waitUntil = until
            }
            if let until = waitUntil, !armed.contains(where: { $0 <= until }) {
                armed.append(until)
                actions.append(.scheduleTimer(at: until))
            }
            break
        }
        if queue.isEmpty { endWait() }
        return actions
    }

    private mutating func endWait() {
        waitStart = nil
        waitUntil = nil
    }

    /// The expected seconds to the next row when holding the queue for it is worth it now:
    /// the rows waiting would lose less, in total, than the batch's fixed cost it would share.
    private func waitPays(at now: Instant) -> Double? {
        if let waitUntil, now >= waitUntil { return nil }
        guard let gap = arrivals.secondsPerRow, Double(queuedRows) * gap < model.fixed else { return nil }
        return gap
    }

    /// Sheds, oldest first, untouched requests that must wait for a worker and would finish late.
    private mutating func shedOverdue(at now: Instant) -> [RequestID] {
        guard inFlight.count >= workers, let freeAt = inFlight.values.map(\.expectedFinish).min() else { return [] }
        let start = max(now, freeAt)
        var shed: [RequestID] = []
        while let oldest = queue.first, oldest.nextRow == 0 {
            let completion = start.advanced(by: model.predictDuration(rows: min(queuedRows, maxBatchSize)))
            guard oldest.arrival.duration(to: completion) > maxLatency else { break }
            shed.append(oldest.id)
            queuedRows -= oldest.rows
            queue.removeFirst()
        }
        return shed
    }

    private mutating func makeBatch(at now: Instant) -> Batch {
        var pieces: [Batch.Piece] = []
        var room = maxBatchSize
        while room > 0, !queue.isEmpty {
            let take = min(room, queue[0].remaining)
            let start = queue[0].nextRow
            pieces.append(.init(request: queue[0].id, rows: start..<(start + take), isWhole: take == queue[0].rows))
            room -= take
            queuedRows -= take
            if take == queue[0].remaining {
                queue.removeFirst()
            } else {
                queue[0].nextRow += take
            }
        }
        let used = Set(inFlight.values.map(\.worker))
        let worker = (0..<workers).first { !used.contains($0) } ?? 0
        endWait()
        let id = nextBatchID
        nextBatchID += 1
        let rows = maxBatchSize - room
        inFlight[id] = InFlight(
            worker: worker, rows: rows, expectedFinish: now.advanced(by: model.predictDuration(rows: rows)))
        return Batch(id: id, worker: worker, pieces: pieces)
    }
}
