/// A ``Runnable`` made from a Swift closure: serve a model written in Swift, or wrap any
/// Swift library.
///
/// ```swift
/// let runnable: some Runnable = .swift(workers: 2) { inputs, method in
///     let x = try inputs["x"]!.values(as: Float.self)
///     return ["y": try Tensor(x.map { $0 + 1 }, shape: inputs["x"]!.shape)]
/// }
/// ```
public struct ClosureRunnable: Runnable {
    /// The closure's signature: inputs and the method name to outputs.
    public typealias Body = @Sendable ([String: Tensor], String) async throws -> [String: Tensor]

    /// How many calls may run at once.
    public let workers: Int
    private let body: Body

    /// Creates a runnable that calls `body` for every call, at most `workers` at once.
    public init(workers: Int = 1, _ body: @escaping Body) {
        self.workers = max(1, workers)
        self.body = body
    }

    /// Calls the closure.
    public func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        try await body(inputs, method)
    }
}

extension Runnable where Self == ClosureRunnable {
    /// A Swift runnable whose closure receives the inputs and the method name.
    public static func swift(workers: Int = 1, _ body: @escaping ClosureRunnable.Body) -> ClosureRunnable {
        ClosureRunnable(workers: workers, body)
    }

    /// A Swift runnable with one method, whose closure receives only the inputs.
    public static func swift(
        workers: Int = 1,
        _ body: @escaping @Sendable ([String: Tensor]) async throws -> [String: Tensor]
    ) -> ClosureRunnable {
        ClosureRunnable(workers: workers) { inputs, _ in try await body(inputs) }
    }
}
