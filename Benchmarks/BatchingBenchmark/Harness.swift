import BentoCore

/// Closed-loop load: `callers` tasks each send a request, wait for its answer, and repeat until
/// the time is up. Reports throughput and latency percentiles of the answered requests.
enum Harness {
    struct Result {
        var answered = 0
        var shed = 0
        var latencies: [Duration] = []
        var seconds = 0.0
        var meanBatchSize = 0.0
        var throughput: Double { Double(answered) / seconds }
        func percentile(_ p: Double) -> Duration {
            guard !latencies.isEmpty else { return .zero }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
    }

    static func measure(_ bench: BenchmarkCase, callers: Int? = nil, duration: Duration) async throws -> Result {
        let counting = CountingRunnable(try bench.makeRunnable())
        let runner = try Runner(name: "bench", runnable: counting, methods: [bench.method])
        let callers = callers ?? bench.callers
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask {
                await runner.run(); return Result()
            }
            // Warm up: let the latency model learn before measuring.
            for caller in 0..<callers {
                _ = try? await runner.run(try bench.makeInputs(caller), method: bench.method.name)
            }
            counting.reset()
            let start = clock.now
            let end = start.advanced(by: duration)
            let result = try await withThrowingTaskGroup(of: Result.self) { callersGroup in
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
            var measured = result
            measured.seconds = LatencyModelSeconds.of(start.duration(to: clock.now))
            measured.meanBatchSize = counting.meanBatchSize
            group.cancelAll()
            return measured
        }
    }
}

enum LatencyModelSeconds {
    static func of(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }
}
