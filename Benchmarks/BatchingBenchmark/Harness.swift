import BentoCore

/// Closed-loop load: `callers` tasks each send a request, wait for its answer, and repeat until
/// the time is up. Reports throughput and latency percentiles of the answered requests, and the
/// size and run time of the batches the runnable saw.
enum Harness {
    struct Result {
        var answered = 0
        var shed = 0
        var latencies: [Duration] = []
        var seconds = 0.0
        var batchSizes: [Int] = []
        var batchDurations: [Duration] = []
        var throughput: Double { Double(answered) / seconds }
        var meanBatchSize: Double {
            batchSizes.isEmpty ? 0 : Double(batchSizes.reduce(0, +)) / Double(batchSizes.count)
        }
        /// The mean run time of one call of the runnable (one batch).
        var meanBatchDuration: Duration {
            batchDurations.isEmpty ? .zero : batchDurations.reduce(.zero, +) / batchDurations.count
        }
        func percentile(_ p: Double) -> Duration { Self.percentile(latencies, p) }

        static func percentile<T: Comparable>(_ values: [T], _ p: Double) -> T where T: AdditiveArithmetic {
            guard !values.isEmpty else { return .zero }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
    }

    /// Measures `bench` for `duration` after `warmup` of the same closed-loop load (unmeasured:
    /// it lets the latency model and the arrival estimate settle, and warms the backend).
    static func measure(
        _ bench: BenchmarkCase, callers: Int? = nil, duration: Duration, warmup: Duration = .zero
    ) async throws -> Result {
        let counting = CountingRunnable(try await bench.makeRunnable())
        let runner = try Runner(name: "bench", runnable: counting, methods: [bench.method])
        let callers = callers ?? bench.callers
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask {
                await runner.run(); return Result()
            }
            // Warm up: one request per caller, then the closed loop for `warmup`.
            for caller in 0..<callers {
                _ = try? await runner.run(try bench.makeInputs(caller), method: bench.method.name)
            }
            if warmup > .zero {
                _ = try await closedLoop(bench, runner: runner, callers: callers, until: clock.now.advanced(by: warmup))
            }
            counting.reset()
            let start = clock.now
            var measured = try await closedLoop(
                bench, runner: runner, callers: callers, until: start.advanced(by: duration))
            measured.seconds = LatencyModelSeconds.of(start.duration(to: clock.now))
            measured.batchSizes = counting.batchSizes
            measured.batchDurations = counting.batchDurations
            group.cancelAll()
            return measured
        }
    }

    private static func closedLoop(
        _ bench: BenchmarkCase, runner: Runner, callers: Int, until end: ContinuousClock.Instant
    ) async throws -> Result {
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Result.self) { callersGroup in
            for caller in 0..<callers {
                callersGroup.addTask {
                    var mine = Result()
                    let inputs = try bench.makeInputs(caller)
                    while clock.now < end {
                        let sent = clock.now
                        do {
                            _ = try await runner.run(inputs, method: bench.method.name)
                            mine.answered += 1
                            mine.latencies.append(sent.duration(to: clock.now))
                        } catch let error as RunnerError where error.code == .overloaded {
                            mine.shed += 1
                        }
                    }
                    return mine
                }
            }
            var total = Result()
            for try await part in callersGroup {
                total.answered += part.answered
                total.shed += part.shed
                total.latencies += part.latencies
            }
            return total
        }
    }
}

enum LatencyModelSeconds {
    static func of(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }
}
