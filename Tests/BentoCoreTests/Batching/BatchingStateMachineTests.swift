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

    /// The batches sent by `actions`, or, when they armed a timer instead, by firing it.
    func sent(_ actions: [Machine.Action], _ m: inout Machine) -> [Machine.Batch] {
        let now = batches(actions)
        if !now.isEmpty { return now }
        let timers = actions.compactMap { if case .scheduleTimer(let at) = $0 { at } else { nil } }
        guard let at = timers.min() else { return [] }
        return batches(m.timerFired(at: at))
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
        // b is learned as 1.95 ms: the wait began at 0.02 ms and cannot pass 1.97 ms.
        #expect(t >= 1.96 && t <= 1.98)
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
}
