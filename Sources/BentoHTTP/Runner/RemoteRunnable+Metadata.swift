public import BentoCore
import NIOCore
import NIOHTTP1
import NIOPosix

extension RemoteRunnable {
    /// What the replicas say about the model (`GET /v2/models/<model>`, the Open Inference
    /// Protocol's model metadata), for a runner whose model is not in the local store.
    public struct RemoteModel: Sendable, Hashable {
        /// The signature: the inputs and outputs with their dtypes and shapes (`-1` dynamic);
        /// batchable along axis 0 when every input's first dimension is dynamic.
        public var signature: ModelSignature
        /// The first version the replica lists, if any.
        public var version: String?
        /// The replica's platform (`onnxruntime`, …).
        public var platform: String?
    }

    /// Asks the replicas for the model's metadata, each in turn, round after round until one
    /// answers 200 or `timeout` has passed.
    ///
    /// - Throws: ``BentoCore/ServiceError`` (unavailable) naming each replica's last answer or
    ///   failure, or (bad input) when the metadata does not parse.
    public func remoteModel(timeout: Duration = .seconds(30)) async throws -> RemoteModel {
        let pools = endpoints.map {
            ConnectionPool(endpoint: $0, group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(1), maxIdle: 1)
        }
        defer { for pool in pools { pool.close() } }
        let path = "/v2/models/\(Self.escapePath(model))"
        let deadline = ContinuousClock.now + timeout
        var problems: [String] = Array(repeating: "", count: pools.count)
        while true {
            for (index, pool) in pools.enumerated() {
                do {
                    let response = try await pool.exchange(
                        method: .GET, path: path, headers: [], body: ByteBuffer(), deadline: .now() + .seconds(2)
                    )
                    if response.head.status == .ok { return try Self.parseMetadata(response.body, model: model) }
                    problems[index] = "\(endpoints[index]) answered \(response.head.status.code) \(String(buffer: response.body).prefix(200))"
                } catch let error as ServiceError {
                    throw error
                } catch {
                    problems[index] = "\(endpoints[index]) is unreachable (\(error))"
                }
            }
            guard ContinuousClock.now + .milliseconds(250) < deadline else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ServiceError(
            .unavailable,
            "runner '\(name)': no replica described model '\(model)' (GET \(path)) within \(timeout): \(problems.joined(separator: "; "))"
        )
    }

    static func parseMetadata(_ body: ByteBuffer, model: String) throws -> RemoteModel {
        var inputs: [TensorSpec] = []
        var outputs: [TensorSpec] = []
        var versions: [String] = []
        var platform: String?
        do {
            try body.withUnsafeReadableBytes { raw throws(OIPError) in
                var scanner = JSONScanner(raw.assumingMemoryBound(to: UInt8.self))
                try scanner.readObject { (s, key) throws(OIPError) in
                    switch key {
                    case "versions": try s.readArray { (s, _) throws(OIPError) in versions.append(try s.readString()) }
                    case "platform": platform = try s.readString()
                    case "inputs": inputs = try readSpecs(&s)
                    case "outputs": outputs = try readSpecs(&s)
                    default: try s.skipValue()
                    }
                }
            }
        } catch {
            throw ServiceError(.badInput, "the metadata of model '\(model)' does not parse: \(error)")
        }
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw ServiceError(.badInput, "the metadata of model '\(model)' lists no inputs or no outputs")
        }
        var signature = ModelSignature(inputs: inputs, outputs: outputs)
        signature.batchable = signature.inputsHaveDynamicBatchDim
        return RemoteModel(signature: signature, version: versions.first, platform: platform)
    }

    private static func readSpecs(_ s: inout JSONScanner) throws(OIPError) -> [TensorSpec] {
        var specs: [TensorSpec] = []
        try s.readArray { (s, _) throws(OIPError) in
            var name: String?
            var datatype: String?
            var shape: [Int] = []
            try s.readObject { (s, key) throws(OIPError) in
                switch key {
                case "name": name = try s.readString()
                case "datatype": datatype = try s.readString()
                case "shape": try s.readArray { (s, _) throws(OIPError) in shape.append(try s.readInt()) }
                default: try s.skipValue()
                }
            }
            guard let name, let datatype else { throw s.failure("a tensor needs a name and a datatype") }
            let dtype: DType
            do {
                dtype = try DType(parsing: datatype)
            } catch {
                throw OIPError(.badInput, "tensor '\(name)' has datatype '\(datatype)', which SwiftBento does not know")
            }
            specs.append(TensorSpec(name: name, dtype: dtype, shape: shape))
        }
        return specs
    }
}
