// ONNXBench: drives BentoONNX outside the test runner.
//
//   ONNXBench bench IRIS_MODEL MINILM_MODEL   per-call medians, Swift side of scripts/bench/onnx-overhead
//   ONNXBench leak N IRIS_MODEL ZIPMAP_MODEL [DTYPES_MODEL]
//                                             N inferences of each model plus bad calls, for
//                                             scripts/leak-check (valgrind)
//
// The library is found the usual way (BENTO_ONNXRUNTIME, Python, system loader).
import BentoCore
import BentoONNX
import Foundation

/// Iris-like rows, the same in scripts/bench/onnx_overhead.py.
func irisInput(rows: Int) throws -> [String: Tensor] {
    let base: [Float] = [5.1, 3.5, 1.4, 0.2, 7.0, 3.2, 4.7, 1.4, 6.3, 3.3, 6.0, 2.5, 4.9, 3.0, 1.4, 0.2]
    let values = (0..<(rows * 4)).map { base[$0 % base.count] }
    return ["float_input": try Tensor(values, shape: [rows, 4])]
}

/// Token ids the same in scripts/bench/onnx_overhead.py: [CLS] ... [SEP], S = 32.
func miniLMInput(rows: Int, sequence: Int = 32) throws -> [String: Tensor] {
    var ids: [Int64] = []
    for row in 0..<rows {
        ids.append(101)
        for column in 1..<(sequence - 1) { ids.append(Int64(1000 + (row * 7919 + column * 104_729) % 28_000)) }
        ids.append(102)
    }
    let count = rows * sequence
    return [
        "input_ids": try Tensor(ids, shape: [rows, sequence]),
        "attention_mask": try Tensor([Int64](repeating: 1, count: count), shape: [rows, sequence]),
        "token_type_ids": try Tensor([Int64](repeating: 0, count: count), shape: [rows, sequence]),
    ]
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func median(_ samples: [UInt64]) -> Double {
    let sorted = samples.sorted()
    return Double(sorted[sorted.count / 2]) / 1000
}

/// Median microseconds per call of `body`, after `warmup` calls.
func measure(calls: Int, warmup: Int, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmup { try body() }
    var samples: [UInt64] = []
    samples.reserveCapacity(calls)
    for _ in 0..<calls {
        let start = now()
        try body()
        samples.append(now() - start)
    }
    return median(samples)
}

func measureAsync(calls: Int, warmup: Int, _ body: () async throws -> Void) async rethrows -> Double {
    for _ in 0..<warmup { try await body() }
    var samples: [UInt64] = []
    samples.reserveCapacity(calls)
    for _ in 0..<calls {
        let start = now()
        try await body()
        samples.append(now() - start)
    }
    return median(samples)
}

func bench(iris: String, miniLM: String) async throws {
    var configuration = ONNXRuntime.Configuration.defaults
    configuration.workers = 1
    let cases: [(model: String, path: String, batch: Int, calls: Int, warmup: Int, input: [String: Tensor])] = [
        ("iris", iris, 1, 20_000, 2_000, try irisInput(rows: 1)),
        ("iris", iris, 64, 20_000, 2_000, try irisInput(rows: 64)),
        ("minilm", miniLM, 1, 300, 30, try miniLMInput(rows: 1)),
        ("minilm", miniLM, 64, 12, 2, try miniLMInput(rows: 64)),
    ]
    // ONNXBENCH_ONLY=iris (or minilm) runs one model's cases, for quick comparisons.
    let only = ProcessInfo.processInfo.environment["ONNXBENCH_ONLY"]
    for item in cases where only == nil || item.model == only {
        let runnable = try ONNXRunnable(modelAt: item.path, configuration: configuration)
        let session = runnable.session
        let sync = try measure(calls: item.calls, warmup: item.warmup) { _ = try session.run(item.input) }
        let async = try await measureAsync(calls: item.calls, warmup: item.warmup) {
            _ = try await runnable.run(item.input)
        }
        print("swift \(item.model) \(item.batch) \(sync) \(async)")
    }
}

func leak(iterations: Int, iris: String, zipMap: String, dtypes: String?) async throws {
    var configuration = ONNXRuntime.Configuration.defaults
    configuration.workers = 2
    let plain = try await ONNXRunnable.load(modelAt: iris, configuration: configuration)
    let zipped = try await ONNXRunnable.load(modelAt: zipMap, configuration: configuration)
    let input = try irisInput(rows: 8)
    let bad = ["float_input": try Tensor([Double](repeating: 1, count: 4), shape: [1, 4])]
    var strings: (ONNXSession, [String: Tensor])? = nil
    if let dtypes {
        let session = try ONNXSession(modelAt: dtypes, configuration: configuration)
        var inputs: [String: Tensor] = [:]
        for spec in session.signature.inputs {
            inputs[spec.name] =
                spec.dtype == .string
                ? try Tensor(strings: ["a", "bb", "ccc", "dddd"], shape: [2, 2])
                : try Tensor(
                    dtype: spec.dtype, shape: [2, 2], bytes: [UInt8](repeating: 1, count: 4 * spec.dtype.byteSize!))
        }
        strings = (session, inputs)
    }
    var checksum = 0
    for index in 0..<iterations {
        checksum &+= try await plain.run(input).values.reduce(0) { $0 + $1.count }
        checksum &+= try await zipped.run(input).values.reduce(0) { $0 + $1.count }
        if let (session, inputs) = strings { checksum &+= try session.run(inputs).count }
        if index % 100 == 0 {
            do { _ = try await plain.run(bad) } catch {}
            do { _ = try ONNXSession(modelAt: "/nonexistent.onnx", configuration: configuration) } catch {}
        }
    }
    print("leak run: \(iterations) iterations, checksum \(checksum)")
}

/// Runs an async entry point from the synchronous `main`: the main thread waits on a semaphore
/// rather than entering `dispatch_main`, which valgrind cannot follow.
func block(_ body: @escaping @Sendable () async throws -> Void) {
    let done = DispatchSemaphore(value: 0)
    let failure = FailureBox()
    Task {
        do { try await body() } catch { failure.set("\(error)") }
        done.signal()
    }
    done.wait()
    if let message = failure.get() {
        FileHandle.standardError.write(Data("ONNXBench: \(message)\n".utf8))
        exit(1)
    }
}

final class FailureBox: @unchecked Sendable {
    // Written by the task before `done.signal()`, read after `done.wait()`: the semaphore orders them.
    private var message: String?
    func set(_ text: String) { message = text }
    func get() -> String? { message }
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "bench" where arguments.count == 4:
    block { try await bench(iris: arguments[2], miniLM: arguments[3]) }
case "leak" where arguments.count >= 5:
    block {
        try await leak(
            iterations: Int(arguments[2]) ?? 10_000,
            iris: arguments[3],
            zipMap: arguments[4],
            dtypes: arguments.count > 5 ? arguments[5] : nil
        )
    }
default:
    FileHandle.standardError.write(Data("usage: ONNXBench bench IRIS MINILM | leak N IRIS ZIPMAP [DTYPES]\n".utf8))
    exit(2)
}
