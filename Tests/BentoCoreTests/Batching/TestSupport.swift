import BentoCore
import Synchronization

/// A small seeded PRNG (SplitMix64), so property tests replay.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A latch: `wait()` suspends until `open()`.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }
}

/// Records what a runnable was called with.
final class CallLog: Sendable {
    private let calls = Mutex<[[String: Tensor]]>([])
    func append(_ inputs: [String: Tensor]) { calls.withLock { $0.append(inputs) } }
    var all: [[String: Tensor]] { calls.withLock { $0 } }
}

/// y = xW + b over Float tensors x [n, 4] → y [n, 3]: a real Swift model.
enum Linear {
    static let inFeatures = 4
    static let outFeatures = 3
    static let weights: [Float] = (0..<12).map { Float($0) * 0.25 - 1 }
    static let bias: [Float] = [0.5, -1, 2]

    struct ShapeError: Error {}

    static func apply(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == inFeatures else { throw ShapeError() }
        let values = try x.values(as: Float.self)
        let n = x.shape[0]
        var y = [Float](repeating: 0, count: n * outFeatures)
        for row in 0..<n {
            for j in 0..<outFeatures {
                var sum = bias[j]
                for k in 0..<inFeatures { sum += values[row * inFeatures + k] * weights[k * outFeatures + j] }
                y[row * outFeatures + j] = sum
            }
        }
        return try Tensor(y, shape: [n, outFeatures])
    }

    static func input(rows: Int, seed: Int) throws -> Tensor {
        try Tensor((0..<(rows * inFeatures)).map { Float(seed * 100 + $0) * 0.01 }, shape: [rows, inFeatures])
    }

    /// A runnable computing the model, logging its calls, optionally waiting on a gate first.
    static func runnable(workers: Int = 1, log: CallLog = CallLog(), gate: Gate? = nil) -> ClosureRunnable {
        .swift(workers: workers) { inputs in
            log.append(inputs)
            if let gate { await gate.wait() }
            return ["y": try apply(inputs["x"]!)]
        }
    }
}

/// Suspends until `condition` holds, yielding to other tasks (no sleeping, no clock).
func eventually(_ condition: () -> Bool) async {
    while !condition() { await Task.yield() }
}
