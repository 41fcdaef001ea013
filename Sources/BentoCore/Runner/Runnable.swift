/// A backend that executes a model: named input tensors to named output tensors.
///
/// ONNX Runtime sessions, Swift code and Python worker pools all conform. A runnable may be
/// called concurrently up to ``workers`` times; the runner's batcher never exceeds that.
///
/// ```swift
/// struct Doubler: Runnable {
///     var workers: Int { 2 }
///     func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
///         let x = try inputs["x"]!.values(as: Float.self)
///         return ["y": try Tensor(x.map { $0 * 2 }, shape: inputs["x"]!.shape)]
///     }
/// }
/// ```
public protocol Runnable: Sendable {
    /// How many calls may run at once.
    var workers: Int { get }
    /// Runs one call: named input tensors to named output tensors.
    func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor]
}

extension Runnable {
    /// One worker unless the runnable says otherwise.
    public var workers: Int { 1 }
}
