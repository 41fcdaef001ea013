import BentoCore

/// A runnable that answers at once with its input as its output: what remains of a call's time
/// is the path to it.
struct EchoRunnable: Runnable {
    var workers: Int { 2 }
    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        ["y": inputs["x"]!]
    }
}

/// What the adaptive batcher adds to one lone caller's call (the inline path of a request that
/// goes out alone): `Runner.run` of a batchable method with batching on and off, as
/// `runners.batching.enabled` sets it. Rounds interleave the two; the summary gives medians of
/// the per-round mean time per call.
func loneCallerOverhead(seconds: Int, rounds: Int) async throws {
    let shapes: [(String, [Int])] = [("iris [1, 4]", [1, 4]), ("PP-OCR [1, 3, 48, 192]", [1, 3, 48, 192])]
    print("Lone caller: µs per Runner.run call, batching off vs on (an echo runnable), \(rounds) rounds of \(seconds) s")
    print("")
    print("| input | unbatched | batched | added |")
    print("| --- | --- | --- | --- |")
    for (label, shape) in shapes {
        let count = shape.reduce(1, *)
        let inputs = ["x": try Tensor([Float](repeating: 0.5, count: count), shape: shape)]
        let signature = ModelSignature(
            inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1] + shape.dropFirst())],
            outputs: [TensorSpec(name: "y", dtype: .float32, shape: [-1] + shape.dropFirst())],
            batchable: true
        )
        let method = RunnerMethod(name: "run", signature: signature)
        var off = RunnerConfiguration.defaults
        off.batching.enabled = false
        let unbatchedRunner = try Runner(name: "echo", runnable: EchoRunnable(), methods: [method], configuration: off)
        let batchedRunner = try Runner(name: "echo", runnable: EchoRunnable(), methods: [method])
        var direct: [Double] = []
        var batched: [Double] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await batchedRunner.run() }
            for _ in 0..<rounds {
                direct.append(try await perCall(seconds: seconds) { _ = try await unbatchedRunner.run(inputs, method: "run") })
                batched.append(try await perCall(seconds: seconds) { _ = try await batchedRunner.run(inputs, method: "run") })
            }
            group.cancelAll()
        }
        let d = median(direct)
        let b = median(batched)
        print("| \(label) | \(format2(d)) | \(format2(b)) | \(format2(b - d)) (+\(format1((b / d - 1) * 100))%) |")
    }
    print("")
}

/// The mean µs per call of `body`, called in a loop for `seconds`.
private func perCall(seconds: Int, _ body: () async throws -> Void) async throws -> Double {
    let clock = ContinuousClock()
    for _ in 0..<1000 { try await body() }  // warm-up
    let start = clock.now
    let end = start.advanced(by: .seconds(seconds))
    var calls = 0
    while clock.now < end {
        for _ in 0..<100 { try await body() }
        calls += 100
    }
    return LatencyModelSeconds.of(start.duration(to: clock.now)) * 1e6 / Double(calls)
}
