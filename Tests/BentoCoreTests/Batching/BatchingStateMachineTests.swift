import Testing

@testable import BentoCore

@Suite("BatchingStateMachine")
struct BatchingStateMachineTests {
    typealias Machine = BatchingStateMachine<ManualClock.Instant>
    typealias Instant = ManualClock.Instant

    /// 2 ms per batch plus 0.05 ms per row, as the benchmark's simulated runnable.
    static let model = LatencyModel(perRow: 0.000_05, fixed: 0.002)

    func machine(maxBatchSize: Int = 100, maxLatency: Duration = .seconds(1), workers: Int = 1) -> Machine {
        Machine(maxBatchSize: maxBatchSize, maxLatency: maxLatency, workers: workers, model: Self.model)
    }

    func batches(_ actions: [Machine.Action]) -> [Machine.Batch] {
        actions.compactMap { if case .dispatch(let batch) = $0 { batch } else { nil } }
    }

    /// The batches sent by `actions`, or, when they armed timers instead, by firing them in turn
    /// (a wait can follow a hold) until something is sent.
    func sent(_ actions: [Machine.Action], _ m: inout Machine) -> [Machine.Batch] {
        var actions = actions
        for _ in 0..<8 {
            let now = batches(actions)
            if !now.isEmpty { return now }
            let timers = actions.compactMap { if case .scheduleTimer(let at) = $0 { at } else { nil } }
            guard let at = timers.min() else { return [] }
            actions = m.timerFired(at: at)
        }
        return batches(actions)
    }

    func rows(_ batch: Machine.Batch) -> [[Int]] {
        batch.pieces.map { [Int($0.request), $0.rows.lowerBound, $0.rows.upperBound] }
    }

    @Test func loneRequestGoesOutImmediately() throws {
        var m = machine()
        let sent = batches(m.enqueue(id: 0, rows: 1, at: .ms(0)))
        #expect(sent.count == 1)
        #expect(try rows(#require(sent.first)) == [[0, 0, 1]])
    }

    @Test func lowLoadClosedLoopNeverWaits() {
        // One caller: the next request arrives only after the previous answer came back.
        var m = machine()
        var t = 0.0
        for id in 0..<200 {
            let sent = batches(m.enqueue(id: UInt64(id), rows: 1, at: .ms(t)))
            #expect(sent.count == 1, "request \(id) was held back")
            t += 2.05
            _ = m.batchFinished(sent.first?.id ?? 0, duration: .microseconds(2050), at: .ms(t))
            t += 0.1  // client turnaround
        }
    }

    @Test func queuedRequestsLeaveInFIFOOrderWithinTheSizeLimit() throws {
        var m = machine(maxBatchSize: 4)
        let first = try #require(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).first)
        #expect(batches(m.enqueue(id: 1, rows: 2, at: .ms(0.1))).isEmpty)
        #expect(batches(m.enqueue(id: 2, rows: 2, at: .ms(0.2))).isEmpty)
        #expect(batches(m.enqueue(id: 3, rows: 1, at: .ms(0.3))).isEmpty)
        let next = sent(m.batchFinished(first.id, duration: .milliseconds(2), at: .ms(2)), &m)
        let second = try #require(next.first)
        #expect(rows(second) == [[1, 0, 2], [2, 0, 2]])
        #expect(second.rowCount == 4)
        let third = try #require(sent(m.batchFinished(second.id, duration: .milliseconds(2), at: .ms(4.2)), &m).first)
        #expect(rows(third) == [[3, 0, 1]])
    }

    @Test func oversizedRequestIsSplitInOrder() throws {
        var m = machine(maxBatchSize: 4)
        var batch = try #require(batches(m.enqueue(id: 7, rows: 10, at: .ms(0))).first)
        var seen = [rows(batch)]
        var t = 2.0
        while let next = batches(m.batchFinished(batch.id, duration: .milliseconds(2), at: .ms(t))).first {
            seen.append(rows(next))
            batch = next
            t += 2
        }
        #expect(seen == [[[7, 0, 4]], [[7, 4, 8]], [[7, 8, 10]]])
        #expect(m.queuedRows == 0)
    }

    @Test func severalBatchesInFlightUpToWorkers() {
        var m = machine(maxBatchSize: 4, workers: 3)
        let first = batches(m.enqueue(id: 0, rows: 10, at: .ms(0)))
        #expect(first.map(\.rowCount) == [4, 4, 2])
        #expect(Set(first.map(\.worker)) == [0, 1, 2])
        #expect(m.inFlightCount == 3)
        #expect(batches(m.enqueue(id: 1, rows: 1, at: .ms(0.5))).isEmpty)
        let after = sent(m.batchFinished(first[1].id, duration: .milliseconds(2), at: .ms(2)), &m)
        #expect(after.map(\.worker) == [1])
        #expect(m.inFlightCount == 3)
    }

    @Test func overdueRequestIsShedOldestFirst() {
        // 5 ms per batch, 10 ms target: a request arriving 1 ms after the worker got busy would
        // finish at 6 + 5 = 11 ms after t0, 10 ms after it arrived… plus the per-row cost: shed.
        var m = Machine(
            maxBatchSize: 100, maxLatency: .milliseconds(10), workers: 1,
            model: LatencyModel(perRow: 0.000_5, fixed: 0.005))
        _ = m.enqueue(id: 0, rows: 1, at: .ms(0))  // in flight until 5.5 ms
        let late = m.enqueue(id: 1, rows: 1, at: .ms(0.5))  // would finish at 11 ms: 10.5 ms after arrival
        #expect(late == [.shed([1])])
        let fine = m.enqueue(id: 2, rows: 1, at: .ms(2))  // would finish at 11 ms: 9 ms after arrival
        #expect(fine.isEmpty)
        #expect(m.queuedRequests == [2])
    }

    @Test func loneRequestIsNeverShedWhenAWorkerIsIdle() {
        var m = Machine(
            maxBatchSize: 100, maxLatency: .milliseconds(1), workers: 1,
            model: LatencyModel(perRow: 0.001, fixed: 0.010))
        #expect(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).count == 1)
    }

    @Test func cancelledRequestLeavesTheQueueAndIsNeverDispatched() throws {
        var m = machine()
        let first = try #require(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).first)
        _ = m.enqueue(id: 1, rows: 3, at: .ms(0.1))
        _ = m.enqueue(id: 2, rows: 1, at: .ms(0.2))
        #expect(m.cancel(1, at: .ms(0.3)).removed)
        #expect(m.queuedRows == 1)
        #expect(m.cancel(0, at: .ms(0.3)).removed == false)  // already running
        let next = try #require(sent(m.batchFinished(first.id, duration: .milliseconds(2), at: .ms(5)), &m).first)
        #expect(rows(next) == [[2, 0, 1]])
    }

    @Test func denseArrivalsWaitForTheBurstToEnd() throws {
        var m = machine(workers: 1)
        let first = try #require(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).first)
        for id in 1...3 { _ = m.enqueue(id: UInt64(id), rows: 1, at: .ms(0.01 * Double(id))) }
        // Rows came 0.01 ms apart: when the worker frees, the batch waits two such gaps for more.
        let finished = m.batchFinished(first.id, duration: .milliseconds(2), at: .ms(2))
        #expect(batches(finished).isEmpty)
        let timer = try #require(finished.compactMap { if case .scheduleTimer(let at) = $0 { at } else { nil } }.first)
        #expect(timer > .ms(2) && timer <= .ms(2.03))
        #expect(batches(m.timerFired(at: .ms(2.001))).isEmpty)  // early or stale: nothing yet
        let sent = try #require(batches(m.timerFired(at: timer)).first)
        #expect(sent.rowCount == 3)
    }

    @Test func aWaitEndsAtOneFixedCostEvenIfRowsKeepComing() throws {
        var m = machine(maxBatchSize: 10_000, workers: 1)
        let first = try #require(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).first)
        _ = m.enqueue(id: 1, rows: 1, at: .ms(0.01))
        _ = m.batchFinished(first.id, duration: .milliseconds(2), at: .ms(0.02))
        var t = 0.02
        var id: UInt64 = 2
        var sent: [Machine.Batch] = []
        while sent.isEmpty, t < 10 {  // a row every 0.002 ms, forever
            t += 0.002
            sent = batches(m.enqueue(id: id, rows: 1, at: .ms(t)))
            if sent.isEmpty { sent = batches(m.timerFired(at: .ms(t))) }
            id += 1
        }
        // One one-row batch of 2 ms cannot split fixed from per-row cost, so b stays at its
        // starting 2 ms: the wait began at 0.02 ms and cannot pass 2.02 ms.
        #expect(t >= 2.01 && t <= 2.03)
        #expect(sent.first?.pieces.first?.request == 1)
        #expect((sent.first?.rowCount ?? 0) > 900)
    }

    @Test func fullBatchGoesWithoutWaiting() throws {
        var m = machine(maxBatchSize: 3, workers: 1)
        let first = try #require(batches(m.enqueue(id: 0, rows: 1, at: .ms(0))).first)
        for id in 1...3 { _ = m.enqueue(id: UInt64(id), rows: 1, at: .ms(0.01 * Double(id))) }
        let sent = batches(m.batchFinished(first.id, duration: .milliseconds(2), at: .ms(2)))
        #expect(sent.map(\.rowCount) == [3])
    }

    // MARK: - Closed-loop bursts (MiniLM-shaped: 1.9 ms + 3.5 ms per row)

    /// Runs `callers` closed-loop callers of one row each against the machine for `duration` ms:
    /// a batch of n rows takes exactly `fixed + perRow·n`, and caller i sends its next request
    /// 0.05 + 0.01·i ms after its answer. Returns the batch sizes in dispatch order and the rows
    /// answered per millisecond.
    func closedLoop(
        callers: Int, workers: Int, fixed: Double, perRow: Double, duration: Double
    ) -> (sizes: [Int], rowsPerMs: Double) {
        var m = Machine(
            maxBatchSize: 64, maxLatency: .seconds(10), workers: workers,
            model: LatencyModel(perRow: perRow / 1000, fixed: fixed / 1000))
        var now = 0.0
        var nextID: UInt64 = 0
        var caller: [UInt64: Int] = [:]
        var arrivals: [(at: Double, caller: Int)] = (0..<callers).map { (0.01 * Double($0), $0) }
        var running: [UInt64: (end: Double, batch: Machine.Batch)] = [:]
        var timers: [Instant] = []
        var sizes: [Int] = []
        var answered = 0
        func apply(_ actions: [Machine.Action]) {
            for action in actions {
                switch action {
                case .dispatch(let batch):
                    sizes.append(batch.rowCount)
                    running[batch.id] = (now + fixed + perRow * Double(batch.rowCount), batch)
                case .shed(let ids): Issue.record("shed \(ids)")
                case .scheduleTimer(let at): timers.append(at)
                }
            }
        }
        while now < duration {
            let arrival = arrivals.min { $0.at < $1.at }
            let finish = running.min { $0.value.end < $1.value.end }
            let timer = timers.min().map { $0.offset / .milliseconds(1) }
            let next = min(arrival?.at ?? .infinity, finish?.value.end ?? .infinity, timer ?? .infinity)
            guard next.isFinite else { break }
            now = next
            if let finish, finish.value.end == next {
                running[finish.key] = nil
                for piece in finish.value.batch.pieces {
                    answered += 1
                    let c = caller.removeValue(forKey: piece.request)!
                    arrivals.append((now + 0.05 + 0.01 * Double(c), c))
                }
                let ms = fixed + perRow * Double(finish.value.batch.rowCount)
                apply(m.batchFinished(finish.key, duration: .microseconds(ms * 1000), at: .ms(now)))
            } else if let arrival, arrival.at == next {
                arrivals.removeAll { $0.caller == arrival.caller }
                caller[nextID] = arrival.caller
                nextID += 1
                apply(m.enqueue(id: nextID - 1, rows: 1, at: .ms(now)))
            } else if let at = timers.min() {
                timers.removeAll { $0 <= at }
                apply(m.timerFired(at: at))
            }
        }
        return (sizes, Double(answered) / now)
    }

    @Test func aBurstAfterAQuietSpellIsNotLedByALoneRow() {
        // 32 callers, 1 worker: every answer releases all 32 at once and they come back within
        // 0.4 ms after a quiet spell of a whole batch. The first of them must wait for the rest.
        let (sizes, _) = closedLoop(callers: 32, workers: 1, fixed: 1.9, perRow: 3.5, duration: 3000)
        let steady = sizes.dropFirst(4)
        #expect(steady.count > 10)
        #expect(steady.allSatisfy { $0 >= 30 }, "batch sizes \(Array(steady.prefix(20)))")
    }

    @Test func twoWorkersShareTheBurstInsteadOfServingStragglersOneByOne() {
        // 32 callers, 2 workers: unbatched, each worker answers one row per 5.4 ms.
        let (sizes, rowsPerMs) = closedLoop(callers: 32, workers: 2, fixed: 1.9, perRow: 3.5, duration: 5000)
        let steady = Array(sizes.dropFirst(8))
        let mean = Double(steady.reduce(0, +)) / Double(max(steady.count, 1))
        let unbatched = 2 / (1.9 + 3.5)
        #expect(mean >= 8, "batch sizes \(Array(steady.prefix(20)))")
        #expect(steady.filter { $0 <= 2 }.count * 10 <= steady.count, "batch sizes \(Array(steady.prefix(20)))")
        #expect(rowsPerMs >= 1.3 * unbatched, "\(rowsPerMs) rows/ms; unbatched \(unbatched)")
    }

    @Test func aLoneCallerIsNeverHeldWithTwoWorkers() {
        let (sizes, rowsPerMs) = closedLoop(callers: 1, workers: 2, fixed: 1.9, perRow: 3.5, duration: 500)
        #expect(sizes.allSatisfy { $0 == 1 })
        // Each round: 5.4 ms of batch and 0.05 ms back: nothing added.
        #expect(rowsPerMs >= 0.99 / 5.45)
    }
}
