import BentoCore

// Adaptive batching benchmark: prints figures, never fails on time.
//   swift run -c release BatchingBenchmark [seconds per point, default 5] [sim|minilm]
let seconds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5
let only = CommandLine.arguments.dropFirst(2).first
let duration = Duration.seconds(seconds)

func ms(_ d: Duration) -> String {
    let value = LatencyModelSeconds.of(d) * 1000
    return value < 10 ? String(Int(value * 100)).paddedMs(2) : String(Int(value.rounded())) + " ms"
}

extension String {
    func paddedMs(_ decimals: Int) -> String {
        var digits = self
        while digits.count <= decimals { digits = "0" + digits }
        return digits.dropLast(decimals) + "." + digits.suffix(decimals) + " ms"
    }
}

func row(_ label: String, _ r: Harness.Result) {
    let rps = Int(r.throughput.rounded())
    print(
        "| \(label) | \(rps) | \(ms(r.percentile(0.5))) | \(ms(r.percentile(0.99))) | \(format1(r.meanBatchSize)) | \(r.shed) |"
    )
}

print("| case | req/s | p50 | p99 | rows/batch | shed |")
print("| --- | --- | --- | --- | --- | --- |")

let sim = BenchmarkCase.simulated()
if only == nil || only == "sim" {
    let batched = try await Harness.measure(sim, duration: duration)
    row("\(sim.name), \(sim.callers) callers, batched", batched)
    let unbatched = try await Harness.measure(sim.unbatched, duration: duration)
    row("\(sim.name), \(sim.callers) callers, unbatched", unbatched)
    let lowBatched = try await Harness.measure(sim, callers: 1, duration: duration)
    row("\(sim.name), 1 caller, batched", lowBatched)
    let lowUnbatched = try await Harness.measure(sim.unbatched, callers: 1, duration: duration)
    row("\(sim.name), 1 caller, unbatched", lowUnbatched)
    print("")
    print(
        "simulated throughput, batched / unbatched at \(sim.callers) callers: \(format1(batched.throughput / unbatched.throughput))×"
    )
    let added =
        LatencyModelSeconds.of(lowBatched.percentile(0.5)) / LatencyModelSeconds.of(lowUnbatched.percentile(0.5)) - 1
    print("added p50 latency at 1 caller: \(format1(added * 100))%")
    // One batch's run time at the mean batch size, from the simulated cost.
    let batchRun = Duration.milliseconds(2) + .microseconds(50) * Int(batched.meanBatchSize.rounded(.up))
    print(
        "p99 at \(sim.callers) callers: \(ms(batched.percentile(0.99))); bound max_latency + one batch: \(ms(sim.method.maxLatency + batchRun))"
    )
    print("")
}
if only == nil || only == "minilm" {
    for latency in [100, 300, 1000] {
        let bench = BenchmarkCase.miniLMSized(maxLatency: .milliseconds(latency))
        row(
            "\(bench.name), \(bench.callers) callers, batched, max_latency \(latency) ms",
            try await Harness.measure(bench, duration: duration))
    }
    let mini = BenchmarkCase.miniLMSized(maxLatency: .milliseconds(1000))
    row(
        "\(mini.name), \(mini.callers) callers, unbatched",
        try await Harness.measure(mini.unbatched, duration: duration))
}

func format1(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}
