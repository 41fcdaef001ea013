import BentoCore
import Synchronization

/// A JSON API's input and output.
struct Pair: Codable, Sendable {
    var a: Double
    var b: Double
}

struct Sum: Codable, Sendable {
    var sum: Double
}

/// Counts calls and lets a test hold a handler until released.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: Int)>((false, 0))

    func wait() async throws {
        state.withLock { $0.waiting += 1 }
        defer { state.withLock { $0.waiting -= 1 } }
        while !state.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(5)) }
    }

    func open() { state.withLock { $0.open = true } }
    var waiting: Int { state.withLock { $0.waiting } }
}

/// A model computing y = 2x on FP32 vectors (a Swift runnable; no ONNX needed).
func doubler(ready: @escaping @Sendable () async -> Bool = { true }) -> ServedModel {
    ServedModel(
        name: "doubler",
        version: "1",
        platform: "swift",
        inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1, -1])],
        outputs: [TensorSpec(name: "y", dtype: .float32, shape: [-1, -1])],
        isReady: ready
    ) { inputs in
        let x = inputs["x"]!
        return ["y": try Tensor(try x.values(as: Float.self).map { $0 * 2 }, shape: x.shape)]
    }
}

/// A model echoing BYTES and counting their lengths, with names holding `/` and `:`.
func stringModel() -> ServedModel {
    ServedModel(
        name: "strings.v2",
        version: "3",
        platform: "swift",
        inputs: [TensorSpec(name: "text:0", dtype: .string, shape: [-1])],
        outputs: [
            TensorSpec(name: "echo/out", dtype: .string, shape: [-1]),
            TensorSpec(name: "length", dtype: .int32, shape: [-1]),
        ]
    ) { inputs in
        let text = inputs["text:0"]!
        let elements = try text.byteElements()
        return [
            "echo/out": text,
            "length": try Tensor(elements.map { Int32($0.count) }, shape: text.shape),
        ]
    }
}

/// The service the server tests run against.
func testService(
    name: String = "test-service",
    gate: Gate = Gate(),
    ready: @escaping @Sendable () async -> Bool = { true }
) -> BentoService {
    var service = BentoService(name: name, version: "1.2.3", models: [doubler(ready: ready), stringModel()]) {
        API("add", input: .json(Pair.self), output: .json(Sum.self)) { pair, _ in Sum(sum: pair.a + pair.b) }
        API("echo", input: .text, output: .text) { text, context in
            if let status = context.query["status"].flatMap(Int.init) { context.setStatus(status) }
            context.setHeader("X-Echo", "yes")
            return text
        }
        API("wait", input: .text, output: .text) { text, _ in
            try await gate.wait()
            return text
        }
        API("sleep", input: .text, output: .text) { text, _ in
            try await Task.sleep(for: .seconds(30))
            return text
        }
        API("overloaded", input: .text, output: .text) { _, _ -> String in
            throw ServiceError(.overloaded, "the runner 'r' is over its latency target", retryAfter: 2)
        }
        API("crash", input: .text, output: .text) { _, _ -> String in
            struct Bug: Error {}
            throw Bug()
        }
    }
    service.readinessChecks.append { await ready() ? nil : "runner 'r' is not reachable" }
    return service
}

/// A bool that closures can share.
final class Flag: Sendable {
    private let state: Atomic<Bool>
    init(_ value: Bool = false) { state = Atomic(value) }
    var value: Bool { state.load(ordering: .relaxed) }
    func set(_ value: Bool) { state.store(value, ordering: .relaxed) }
}
