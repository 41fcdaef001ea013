/// Where a runner's runnable executes.
///
/// Only ``embedded`` exists today: the runnable runs in the API server's process, behind its
/// adaptive batchers. Child-process and remote placements (`.process`, `.remote(url)`) will be
/// added as further static members; the same `runner.run(...)` call works for all of them.
///
/// ```swift
/// let runner = try Runner(name: "iris", runnable: model, methods: [.init(name: "predict")],
///                         placement: .embedded)
/// ```
public struct Placement: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        case embedded
    }

    package let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// In this process, batched by the runner's own adaptive batchers.
    public static let embedded = Placement(.embedded)

    public var description: String {
        switch kind {
        case .embedded: "embedded"
        }
    }
}
