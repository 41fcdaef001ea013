public import BentoCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The runner client: a ``BentoCore/Runnable`` whose calls go to one or more Open Inference
/// Protocol servers (SwiftBento runner servers, Triton, MLServer) over keep-alive HTTP/1.1 on TCP
/// or a Unix socket, with tensors in binary both ways.
///
/// Each call goes to the replica with the fewest outstanding requests. A call that cannot be sent
/// (the replica is down), or that a replica refuses with 503 (still loading, or shedding), is tried
/// once more on another replica; one lost after it was sent fails with 503, as the runner may
/// have run it. Past ``Configuration/maxOutstandingPerReplica`` on
/// every replica a call fails at once with 503 (overloaded) instead of queueing in the API
/// server. A call that takes longer than ``Configuration/timeout`` fails with 504, and the runner
/// server, told the deadline in `Bento-Timeout-Ms`, drops it too. A request with more rows than
/// ``Configuration/splitThreshold`` is split across replicas and the outputs joined in order.
///
/// ```swift
/// let client = try RemoteRunnable(name: "iris", urls: ["unix:/tmp/iris-0.sock", "unix:/tmp/iris-1.sock"])
/// let runner = try Runner(name: "iris", runnable: client, methods: [.init(name: "run")],
///                         placement: .remote(urls: client.urls))
/// let outputs = try await runner.run(["float_input": x], method: "run")
/// ```
public final class RemoteRunnable: Runnable {
    /// How the client calls its replicas.
    public struct Configuration: Sendable, Hashable {
        /// The longest a call may take, from the first try to the last byte of the answer. Default 60 s.
        public var timeout: Duration
        /// Calls in flight per replica before new calls are refused as overloaded. Default 64.
        public var maxOutstandingPerReplica: Int
        /// Further tries, each on another replica, for a call that could not be sent. Default 1.
        public var retries: Int
        /// Requests with more rows (along axis 0) than this are split across the replicas;
        /// `nil` never splits. Default `nil`.
        public var splitThreshold: Int?
        /// How long opening a connection may take. Default 1 s.
        public var connectTimeout: Duration

        /// Creates the defaults, with any field given.
        public init(
            timeout: Duration = .seconds(60),
            maxOutstandingPerReplica: Int = 64,
            retries: Int = 1,
            splitThreshold: Int? = nil,
            connectTimeout: Duration = .seconds(1)
        ) {
            self.timeout = timeout
            self.maxOutstandingPerReplica = maxOutstandingPerReplica
            self.retries = retries
            self.splitThreshold = splitThreshold
            self.connectTimeout = connectTimeout
        }

        /// The defaults.
        public static var defaults: Configuration { Configuration() }
    }

    /// The runner's name, for messages.
    public let name: String
    /// The model the replicas serve (`/v2/models/<model>/infer`).
    public let model: String
    /// The replicas' URLs, as given.
    public let urls: [String]
    /// The replicas.
    public let endpoints: [RunnerEndpoint]
    /// The client's settings.
    public let configuration: Configuration
    /// Calls that may be in flight at once, over all replicas.
    public var workers: Int { configuration.maxOutstandingPerReplica * endpoints.count }

    private let pools: [ConnectionPool]
    private let balancer: Mutex<ReplicaBalancer>
    private let inferPath: String
    private let readyPath: String

    /// Creates a client for runner `name`, whose replicas serve `model` (the runner's name by default).
    ///
    /// - Throws: ``BentoCore/ServiceError`` naming a URL that does not parse, or an empty list.
    public init(name: String, model: String? = nil, urls: [String], configuration: Configuration = .defaults) throws {
        guard !urls.isEmpty else { throw ServiceError(.badInput, "runner '\(name)' has no URLs to call") }
        self.name = name
        self.model = model ?? name
        self.urls = urls
        self.endpoints = try urls.map { try RunnerEndpoint(url: $0) }
        self.configuration = configuration
        let group = MultiThreadedEventLoopGroup.singleton
        self.pools = endpoints.map {
            ConnectionPool(
                endpoint: $0, group: group, connectTimeout: .init(configuration.connectTimeout),
                maxIdle: configuration.maxOutstandingPerReplica
            )
        }
        self.balancer = Mutex(ReplicaBalancer(replicas: endpoints.count, maxOutstanding: configuration.maxOutstandingPerReplica))
        let escaped = Self.escapePath(self.model)
        self.inferPath = "/v2/models/\(escaped)/infer"
        // Server readiness: a SwiftBento runner server hosts one model and explains a 503 there.
        self.readyPath = "/v2/health/ready"
    }

    deinit {
        for pool in pools { pool.close() }
    }

    /// Runs one call on the replicas (split across them when it is big enough).
    public func run(_ inputs: [String: Tensor], method: String) async throws -> [String: Tensor] {
        if let threshold = configuration.splitThreshold, endpoints.count > 1, let rows = Self.rows(of: inputs), rows > threshold {
            return try await runSplit(inputs, rows: rows, parts: min(endpoints.count, (rows + threshold - 1) / threshold))
        }
        return try await call(inputs)
    }

    /// The calls in flight on each replica (for tests and introspection).
    public var outstanding: [Int] { balancer.withLock { $0.outstanding } }

    /// `nil` when at least one replica says the model is ready; otherwise why not, per replica.
    public func readinessProblem() async -> String? {
        var problems: [String] = []
        for (index, pool) in pools.enumerated() {
            do {
                let response = try await pool.exchange(
                    method: .GET, path: readyPath, headers: [], body: ByteBuffer(),
                    deadline: .now() + .seconds(2)
                )
                if response.head.status == .ok {
                    balancer.withLock { $0.markUp(index) }
                    return nil
                }
                problems.append("\(endpoints[index]) answered \(response.head.status.code): \(Self.errorMessage(response.body))")
            } catch {
                problems.append("\(endpoints[index]) is unreachable (\(error))")
            }
        }
        return "runner '\(name)' is not ready: \(problems.joined(separator: "; "))"
    }

    // MARK: - One call

    private func call(_ inputs: [String: Tensor]) async throws -> [String: Tensor] {
        let request = InferenceRequest(inputs: inputs.keys.sorted().map { .init(name: $0, tensor: inputs[$0]!) })
        let (body, headerLength) = request.encodedBinary()
        let start = ContinuousClock.now
        let deadline = NIODeadline.now() + .init(configuration.timeout)
        var excluded: Set<Int> = []
        var failures: [String] = []
        for _ in 0...max(0, configuration.retries) {
            let decision = balancer.withLock { $0.acquire(excluding: excluded, now: .now) }
            let index: Int
            switch decision {
            case .replica(let chosen): index = chosen
            case .overloaded:
                throw ServiceError(
                    .overloaded,
                    "runner '\(name)' has \(configuration.maxOutstandingPerReplica) calls in flight on every replica; retry shortly",
                    retryAfter: 1
                )
            case .exhausted:
                throw unreachable(failures)
            }
            // One lock when the call ends: released, and marked up if the replica answered.
            var answered = false
            defer { balancer.withLock { answered ? $0.releaseAnswered(index) : $0.release(index) } }
            let remaining = configuration.timeout - (ContinuousClock.now - start)
            let millis = max(1, Int(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            do {
                let response = try await pools[index].exchange(
                    method: .POST,
                    path: inferPath,
                    headers: [
                        ("Content-Type", "application/octet-stream"),
                        ("Inference-Header-Content-Length", String(headerLength)),
                        ("Bento-Timeout-Ms", String(millis)),
                    ],
                    body: body,
                    deadline: deadline
                )
                if response.head.status == .serviceUnavailable, excluded.count + 1 < endpoints.count {
                    // The replica refused the work (still loading, or shedding): another may take it.
                    balancer.withLock { $0.markDown(index, until: .now + .milliseconds(200)) }
                    excluded.insert(index)
                    failures.append("\(endpoints[index]): \(Self.errorMessage(response.body))")
                    continue
                }
                answered = true
                return try decode(response, from: endpoints[index])
            } catch let error as ClientConnectionError {
                switch error.kind {
                case .notSent:
                    balancer.withLock { $0.markDown(index, until: .now + .milliseconds(500)) }
                    excluded.insert(index)
                    failures.append("\(endpoints[index]): \(error.message)")
                case .lostInFlight:
                    throw ServiceError(
                        .unavailable,
                        "runner '\(name)' replica \(endpoints[index]) went away during the call (\(error.message)); retry",
                        retryAfter: 1
                    )
                case .timedOut:
                    throw ServiceError(
                        .timeout,
                        "runner '\(name)' did not answer within \(configuration.timeout) (replica \(endpoints[index]))"
                    )
                case .cancelled:
                    throw CancellationError()
                }
            }
        }
        throw unreachable(failures)
    }

    private func unreachable(_ failures: [String]) -> ServiceError {
        ServiceError(
            .unavailable,
            "runner '\(name)' is unreachable: \(failures.joined(separator: "; "))",
            retryAfter: 1
        )
    }

    private func decode(_ response: ClientResponse, from endpoint: RunnerEndpoint) throws -> [String: Tensor] {
        let status = response.head.status
        guard status == .ok else {
            let message = "runner '\(name)' (\(endpoint)): \(Self.errorMessage(response.body))"
            let retryAfter = response.head.headers.first(name: "Retry-After").flatMap(Int.init)
            switch status.code {
            case 400: throw ServiceError(.badInput, message)
            case 404: throw ServiceError(.notFound, message)
            case 413: throw ServiceError(.payloadTooLarge, message)
            case 429: throw ServiceError(.tooManyRequests, message, retryAfter: retryAfter ?? 1)
            case 503: throw ServiceError(.unavailable, message, retryAfter: retryAfter ?? 1)
            case 504: throw ServiceError(.timeout, message)
            default: throw ServiceError(.internalError, "\(message) (status \(status.code))")
            }
        }
        var headerLength: Int?
        if let text = response.head.headers.first(name: "Inference-Header-Content-Length") {
            guard let value = Int(text) else {
                throw ServiceError(.internalError, "runner '\(name)' (\(endpoint)) sent Inference-Header-Content-Length '\(text)'")
            }
            headerLength = value
        }
        do {
            return try response.body.withUnsafeReadableBytes { raw in
                try InferenceResponse.decodeOutputs(body: raw, headerLength: headerLength)
            }
        } catch {
            throw ServiceError(.internalError, "runner '\(name)' (\(endpoint)) sent a response that does not decode: \(error)")
        }
    }

    // MARK: - Splitting

    /// The common length of axis 0, when every input has one.
    private static func rows(of inputs: [String: Tensor]) -> Int? {
        var rows: Int?
        for tensor in inputs.values {
            guard let first = tensor.shape.first else { return nil }
            if let rows, rows != first { return nil }
            rows = first
        }
        return rows
    }

    private func runSplit(_ inputs: [String: Tensor], rows: Int, parts: Int) async throws -> [String: Tensor] {
        let sizes = (0..<parts).map { rows / parts + ($0 < rows % parts ? 1 : 0) }
        var pieces = Array(repeating: [String: Tensor](), count: parts)
        for (name, tensor) in inputs {
            for (index, piece) in try tensor.split(sizes: sizes, axis: 0).enumerated() { pieces[index][name] = piece }
        }
        let results = try await withThrowingTaskGroup(of: (Int, [String: Tensor]).self) { group in
            for (index, piece) in pieces.enumerated() {
                group.addTask { (index, try await self.call(piece)) }
            }
            var results = Array(repeating: [String: Tensor](), count: parts)
            for try await (index, outputs) in group { results[index] = outputs }
            return results
        }
        var joined: [String: Tensor] = [:]
        for output in results[0].keys {
            let tensors = results.compactMap { $0[output] }
            guard tensors.count == parts else {
                throw ServiceError(.internalError, "runner '\(name)': output '\(output)' is missing from a part of a split call")
            }
            joined[output] = try Tensor.concatenate(tensors, axis: 0)
        }
        return joined
    }

    // MARK: - Helpers

    private static func errorMessage(_ body: ByteBuffer) -> String {
        let text = String(buffer: body)
        let extracted: String? = body.withUnsafeReadableBytes { raw in
            var scanner = JSONScanner(raw.assumingMemoryBound(to: UInt8.self))
            var message: String?
            var detail: String?
            try? scanner.readObject { (s, key) throws(OIPError) in
                switch key {
                case "error": message = try s.readString()
                case "detail" where s.peek() == UInt8(ascii: "\""): detail = try s.readString()
                default: try s.skipValue()
                }
            }
            guard let message else { return nil }
            return detail.map { "\(message): \($0)" } ?? message
        }
        return extracted ?? (text.isEmpty ? "no detail" : String(text.prefix(300)))
    }

    /// `name` as one URL path segment: unreserved characters as they are, every other byte %-escaped.
    static func escapePath(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
