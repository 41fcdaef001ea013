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
/// - Intervals between arrivals count at most `2b` in the estimate: the quiet spell while callers
///   wait for a running batch must not make the burst of their next requests look sparse.
/// - An idle worker holds back fewer queued rows than a batch releases (its callers tend to send
///   again at once), for at most `b`: while a batch in flight finishes before the oldest request
///   has waited `b`, or until `b` after a batch finished. A lone caller is never held.
/// - With several workers, a batch takes its even share of the queue (water filling over the
///   predicted finish of every worker, counting the rows a busy batch will release), so a burst
///   is split across idle workers instead of one worker running it while another serves
///   stragglers one row at a time.
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
        var id: UInt64
        var worker: Int
        var rows: Int
        /// The rows of the requests this batch completes: their callers are the ones it releases
        /// (the first pieces of a split request release nobody).
        var releasing: Int
        var expectedFinish: Instant
    }

    package let maxBatchSize: Int
    package let maxLatency: Duration
    package let workers: Int
    /// The learned latency model.
    package private(set) var model: LatencyModel
    private var arrivals = ArrivalRateEstimator<Instant>()
    private var queue: [Pending] = []
    /// At most `workers` entries: a small array, searched linearly (no hashing per batch).
    private var inFlight: [InFlight] = []
    private var waitStart: Instant?
    private var waitUntil: Instant?
    private var armed: [Instant] = []
    /// How many expected inter-arrival gaps a wait lasts without a new row before it ends.
    private static var idleFactor: Double { 2 }
    private var nextBatchID: UInt64 = 0
    /// The last batch that finished since a batch was last sent: when, and how many rows' callers
    /// it answered (who are likely to send again at once).
    private var lastRelease: (at: Instant, rows: Int)?
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
        // A gap longer than twice the fixed cost already says "don't wait"; capping it keeps the
        // quiet spell before a burst of returning callers from hiding the burst.
        arrivals.record(rows: rows, at: now, maxInterval: 2 * model.fixed)
        queue.append(Pending(id: id, rows: rows, nextRow: 0, arrival: now))
        queuedRows += rows
        return evaluate(at: now, arrival: true)
    }

    /// Enqueues a request only if it would be sent at once in a batch of its own (nothing queued,
    /// a worker idle, no reason to wait): then returns that batch, as ``enqueue(id:rows:at:)`` would
    /// have dispatched it. Otherwise changes nothing and returns `nil`, and the caller enqueues as
    /// usual. This lets a driver run a lone request in its caller's task.
    package mutating func enqueueIfSentAlone(id: RequestID, rows: Int, at now: Instant) -> Batch? {
        guard queue.isEmpty, inFlight.count < workers, rows <= maxBatchSize else { return nil }
        // What `enqueue` would decide, taken in place rather than on a trial copy (which copied
        // the queue, the batches in flight and the latency model on every lone request): with the
        // queue empty and a worker idle nothing is shed, so the request goes out at once unless
        // the idle worker holds for returning rows, waiting for the next arrival pays, or its
        // share is less than all its rows. Those cases are undone and left to `enqueue`.
        let arrivalsBefore = arrivals
        arrivals.record(rows: rows, at: now, maxInterval: 2 * model.fixed)
        queue.append(Pending(id: id, rows: rows, nextRow: 0, arrival: now))
        queuedRows += rows
        let mayHold = rows < maxBatchSize
        if mayHold && (holdForReturningRows(at: now) != nil || waitPays(at: now) != nil) || share(at: now) < rows {
            queue.removeLast()
            queuedRows -= rows
            arrivals = arrivalsBefore
            return nil
        }
        let batch = makeBatch(at: now)
        endWait()
        return batch
    }

    /// A timer armed by ``Action/scheduleTimer(at:)`` fired. Stale timers are harmless.
    package mutating func timerFired(at now: Instant) -> [Action] {
        let count = armed.count
        armed.removeAll { $0 <= now }
        // A timer that fires a little early (a clock's rounding) still counts as fired, or the
        // wait it ends would look armed forever.
        if armed.count == count, let soonest = armed.indices.min(by: { armed[$0] < armed[$1] }) {
            armed.remove(at: soonest)
        }
        return evaluate(at: now)
    }

    /// A batch finished (successfully or not) after running for `duration`.
    package mutating func batchFinished(_ batchID: UInt64, duration: Duration, at now: Instant) -> [Action] {
        if let index = inFlight.firstIndex(where: { $0.id == batchID }) {
            let done = inFlight.remove(at: index)
            model.record(rows: done.rows, seconds: LatencyModel.seconds(duration))
            lastRelease = (now, done.releasing)
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
            if queuedRows < maxBatchSize, let until = holdForReturningRows(at: now) {
                if !armed.contains(where: { $0 <= until }) {
                    armed.append(until)
                    actions.append(.scheduleTimer(at: until))
                }
                break
            }
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

    /// When an idle worker should hold back a few queued rows for the callers a batch releases,
    /// so that the first of a burst of returning callers does not go alone. It holds while fewer
    /// rows are queued than a batch releases and for at most one fixed cost `b`:
    /// - a batch in flight finishes before the oldest request has waited `b`: until then;
    /// - a batch just finished (and nothing was sent since): until `b` after it finished.
    /// Returns when to look again; `nil` means don't hold. A lone caller is never held: nothing is
    /// in flight when it sends, and its one row matches the one row its answer released.
    private func holdForReturningRows(at now: Instant) -> Instant? {
        guard let oldest = queue.first else { return nil }
        // Converted only when a branch needs it: a lone caller's request needs neither.
        var b: Duration { .seconds(model.fixed) }
        var until: Instant?
        if let soonest = inFlight.min(by: { $0.expectedFinish < $1.expectedFinish }) {
            let limit = oldest.arrival.advanced(by: b)
            if now < limit, soonest.expectedFinish <= limit, queuedRows < soonest.releasing { until = limit }
        }
        if let release = lastRelease, queuedRows < release.rows {
            let limit = release.at.advanced(by: b)
            if now < limit { until = max(until ?? limit, limit) }
        }
        return until
    }

    /// How many rows the idle worker about to get a batch should take so that the queue is
    /// shared out evenly: idle workers finish `b + a·x` after now, a busy one finishes its batch,
    /// then the rows its callers send back, then `a·x` more. Rows go to the worker that would finish
    /// first (water filling); the idle worker never takes fewer rows than would finish by the
    /// time the busiest worker is expected to be done anyway.
    private func share(at now: Instant) -> Int {
        let limit = min(queuedRows, maxBatchSize)
        let a = model.perRow
        let b = model.fixed
        guard a > 0, workers > 1, limit > 1 else { return limit }  // one row: every share is 1
        let idle = workers - inFlight.count
        let busy = inFlight.map { batch in
            max(0, LatencyModel.seconds(now.duration(to: batch.expectedFinish))) + b + a * Double(batch.rows)
        }
        let committed = busy.max() ?? 0
        let levels = (Array(repeating: b, count: idle) + busy).sorted()
        var sum = 0.0
        var level = levels[0]
        for m in 1...levels.count {
            sum += levels[m - 1]
            level = (a * Double(queuedRows) + sum) / Double(m)
            if m == levels.count || level <= levels[m] { break }
        }
        let rows = ((max(level, committed) - b) / a - 1e-9).rounded(.up)
        guard rows.isFinite, rows < Double(limit) else { return limit }
        return max(1, Int(rows))
    }

    /// Sheds, oldest first, untouched requests that must wait for a worker and would finish late.
    private mutating func shedOverdue(at now: Instant) -> [RequestID] {
        guard inFlight.count >= workers, let freeAt = inFlight.lazy.map({ $0.expectedFinish }).min() else { return [] }
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
        let size = share(at: now)
        lastRelease = nil
        var room = size
        var releasing = 0
        while room > 0, !queue.isEmpty {
            let take = min(room, queue[0].remaining)
            let start = queue[0].nextRow
            pieces.append(.init(request: queue[0].id, rows: start..<(start + take), isWhole: take == queue[0].rows))
            room -= take
            queuedRows -= take
            if take == queue[0].remaining {
                releasing += queue[0].rows
                queue.removeFirst()
            } else {
                queue[0].nextRow += take
            }
        }
        let worker = (0..<workers).first { w in !inFlight.contains { $0.worker == w } } ?? 0
        endWait()
        let id = nextBatchID
        nextBatchID += 1
        let rows = size - room
        inFlight.append(
            InFlight(
                id: id, worker: worker, rows: rows, releasing: releasing,
                expectedFinish: now.advanced(by: model.predictDuration(rows: rows))))
        return Batch(id: id, worker: worker, pieces: pieces)
    }
}
