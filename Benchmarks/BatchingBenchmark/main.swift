import BentoCore
import Foundation

// Adaptive batching benchmark: prints figures, never fails on time.
//   swift run -c release BatchingBenchmark [seconds per point, default 5] [sim|minilm-sim|minilm] [rounds, default 3]
//
//   sim         the simulated 2 ms + 0.05 ms/row case, 64 callers
//   minilm-sim  a MiniLM-sized simulated runnable (sleeps, no CPU)
//   overhead    what the batcher adds to a lone caller's call (an echo runnable), next to a direct call
//   minilm      all-MiniLM-L6-v2 through the real ONNX runnable, 32 callers: batched and
//               unbatched interleaved for `rounds` rounds; the model is BENTO_MINILM_MODEL or
//               .fixtures/minilm/model.onnx, ONNX Runtime is found the usual way (Python on PATH).
let seconds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5
let only = CommandLine.arguments.dropFirst(2).first.flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }
if let only, !["sim", "minilm-sim", "minilm", "overhead"].contains(only) {
    print("unknown case '\(only)': expected sim, minilm-sim, minilm, overhead or all")
    exit(2)
}
let rounds = max(1, CommandLine.arguments.dropFirst(3).first.flatMap(Int.init) ?? 3)
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
if only == nil || only == "minilm-sim" {
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
    print("")
}
if only == nil || only == "overhead" {
    try await loneCallerOverhead(seconds: seconds, rounds: rounds)
}
if only == nil || only == "minilm" {
    try await miniLMONNX(seconds: seconds, rounds: rounds)
}

func format1(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func median(_ values: [Duration]) -> Duration {
    let sorted = values.sorted()
    return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
}

/// The real model: batched and unbatched interleaved round by round, so both see the same load
/// from whatever else shares the machine; the summary gives medians over the rounds.
func miniLMONNX(seconds: Int, rounds: Int) async throws {
    let duration = Duration.seconds(seconds)
    let path = ProcessInfo.processInfo.environment["BENTO_MINILM_MODEL"] ?? ".fixtures/minilm/model.onnx"
    guard FileManager.default.fileExists(atPath: path) else {
        print("MiniLM ONNX: skipped, no model at \(path) (set BENTO_MINILM_MODEL)")
        return
    }
    let maxLatency = Duration.milliseconds(
        ProcessInfo.processInfo.environment["BENTO_MINILM_MAX_LATENCY_MS"].flatMap(Int.init) ?? 1000)
    let warmup = Duration.seconds(1)
    // Two cores: two sessions of one intra-op thread each (the runnable's default shape), and
    // one session of two intra-op threads, batched only.
    let twoByOne = BenchmarkCase.miniLM(modelAt: path, workers: 2, intraOpThreads: 1, maxLatency: maxLatency)
    let oneByTwo = BenchmarkCase.miniLM(modelAt: path, workers: 1, intraOpThreads: 2, maxLatency: maxLatency)
    let points: [(label: String, bench: BenchmarkCase)] = [
        ("\(twoByOne.name), batched", twoByOne),
        ("\(twoByOne.name), unbatched", twoByOne.unbatched),
        ("\(oneByTwo.name), batched", oneByTwo),
    ]
    print("MiniLM ONNX (\(path)), 32 callers, max_latency \(ms(maxLatency)), \(seconds) s per point after 1 s warm-up, \(rounds) rounds interleaved")
    print("")
    print("| round | case | req/s | p50 | p99 | rows/batch | shed | batch run (mean) | batch sizes min/p10/p50/p90/max |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    var results: [[Harness.Result]] = Array(repeating: [], count: points.count)
    for round in 1...rounds {
        for (index, point) in points.enumerated() {
            let r = try await Harness.measure(point.bench, duration: duration, warmup: warmup)
            results[index].append(r)
            let sizes = r.batchSizes
            let spread = [0.0, 0.1, 0.5, 0.9, 1.0].map { String(Harness.Result.percentile(sizes, $0)) }
                .joined(separator: "/")
            print(
                "| \(round) | \(point.label) | \(Int(r.throughput.rounded())) | \(ms(r.percentile(0.5))) | \(ms(r.percentile(0.99))) | \(format1(r.meanBatchSize)) | \(r.shed) | \(ms(r.meanBatchDuration)) | \(spread) |"
            )
        }
    }
    print("")
    // The order batches came in: shows whether batches alternate or one worker runs singles.
    for (index, point) in points.enumerated() where point.bench.method.maxBatchSize > 1 {
        let sizes = results[index][0].batchSizes
        print("round 1, \(point.label): first batch sizes \(sizes.prefix(40).map(String.init).joined(separator: " "))")
    }
    print("")
    print("Medians over \(rounds) rounds:")
    print("")
    print("| case | req/s | p50 | p99 | rows/batch | batch run (mean) | p99 bound: max_latency + one batch |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (index, point) in points.enumerated() {
        let rs = results[index]
        let batchRun = median(rs.map(\.meanBatchDuration))
        print(
            "| \(point.label) | \(Int(median(rs.map(\.throughput)).rounded())) | \(ms(median(rs.map { $0.percentile(0.5) }))) | \(ms(median(rs.map { $0.percentile(0.99) }))) | \(format1(median(rs.map(\.meanBatchSize)))) | \(ms(batchRun)) | \(ms(maxLatency + batchRun)) |"
        )
    }
    print("")
    let ratios = zip(results[0], results[1]).map { $0.throughput / $1.throughput }
    print(
        "MiniLM throughput, batched / unbatched (2 workers × 1 thread), per round: \(ratios.map(format2).joined(separator: ", ")); median \(format2(median(ratios)))×"
    )
    let oneByTwoRatios = zip(results[2], results[1]).map { $0.throughput / $1.throughput }
    print(
        "MiniLM throughput, batched 1 worker × 2 threads / unbatched 2 × 1, per round: \(oneByTwoRatios.map(format2).joined(separator: ", ")); median \(format2(median(oneByTwoRatios)))×"
    )
}

func format2(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let fraction = abs(hundredths % 100)
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
