/// Where a runner's runnable executes.
///
/// - ``embedded``: in the API server's process, behind the runner's adaptive batchers.
/// - ``process(replicas:)``: in child processes (`bento runner serve --socket …`) that the API
///   server starts and supervises; each batches on its own.
/// - ``remote(urls:)``: at Open Inference Protocol servers elsewhere (another `bento runner serve`,
///   Triton, a Kubernetes service), which batch on their own.
///
/// The same `runner.run(...)` call works for all of them. With `process` and `remote` the
/// runner's runnable is the runner client (`RemoteRunnable` in BentoHTTP), and the runner itself
/// does not batch: batching happens where the model runs.
///
/// ```swift
/// let runner = try Runner(name: "iris", runnable: client, methods: [.init(name: "run")],
///                         placement: .remote(urls: ["http://10.0.0.5:3001"]))
/// ```
public struct Placement: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        case embedded
        case process(replicas: Int)
        case remote(urls: [String])
    }

    package let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// In this process, batched by the runner's own adaptive batchers.
    public static let embedded = Placement(.embedded)

    /// In `replicas` supervised child processes on this machine, reached over Unix sockets.
    public static func process(replicas: Int = 1) -> Placement { Placement(.process(replicas: max(1, replicas))) }

    /// At one Open Inference Protocol server.
    public static func remote(_ url: String) -> Placement { Placement(.remote(urls: [url])) }

    /// At several replicas of an Open Inference Protocol server, balanced by outstanding requests.
    public static func remote(urls: [String]) -> Placement { Placement(.remote(urls: urls)) }

    /// Whether the runnable runs in this process (so the runner batches here).
    public var isEmbedded: Bool { kind == .embedded }

    /// The remote URLs, for a remote placement.
    public var urls: [String] {
        if case .remote(let urls) = kind { return urls }
        return []
    }

    /// The replica count: the URLs of a remote placement, the processes of a process one, else 1.
    public var replicas: Int {
        switch kind {
        case .embedded: 1
        case .process(let replicas): replicas
        case .remote(let urls): urls.count
        }
    }

    public var description: String {
        switch kind {
        case .embedded: "embedded"
        case .process(let replicas): replicas == 1 ? "process" : "process ×\(replicas)"
        case .remote(let urls): "remote(\(urls.joined(separator: ", ")))"
        }
    }
}
