import CompressNIO
import HTTPTypes
import Hummingbird

/// Reads request bodies under the size limit and undoes `Content-Encoding: gzip` (or `deflate`); gzips
/// responses for clients that accept it.
struct BodyCodec: Sendable {
    /// The largest body, before and after decompression.
    var maxBodySize: Int
    /// Responses shorter than this are sent as they are.
    var gzipMinimumSize: Int

    /// The whole body, decompressed. Throws 413 past the limit, 400 for a corrupt gzip body or an
    /// unsupported encoding.
    func read(_ request: Request) async throws -> ByteBuffer {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maxBodySize {
            throw tooLarge(declared)
        }
        var collected: ByteBuffer?
        for try await var chunk in request.body {
            guard collected != nil else {
                guard chunk.readableBytes <= maxBodySize else { throw tooLarge(chunk.readableBytes) }
                if let declared, declared > chunk.readableBytes {
                    // More chunks follow: one buffer of the declared size takes them all.
                    var buffer = ByteBufferAllocator().buffer(capacity: declared)
                    buffer.writeBuffer(&chunk)
                    collected = buffer
                } else {
                    collected = chunk
                }
                continue
            }
            guard collected!.readableBytes + chunk.readableBytes <= maxBodySize else {
                throw tooLarge(collected!.readableBytes + chunk.readableBytes)
            }
            // Written in place: the collected buffer is never copied to grow it.
            collected!.writeBuffer(&chunk)
        }
        var body = collected ?? ByteBuffer()
        guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else {
            return body
        }
        switch encoding {
        case "gzip", "x-gzip": return try body.decompress(with: .gzip(), maxSize: maxBodySize)
        // HTTP's "deflate" is the zlib format.
        case "deflate": return try body.decompress(with: .zlib(), maxSize: maxBodySize)
        default:
            throw ErrorResponse(
                .unsupportedMediaType,
                "Content-Encoding '\(encoding)' is not supported; send gzip, deflate or an uncompressed body"
            )
        }
    }

    private func tooLarge(_ size: Int) -> ErrorResponse {
        ErrorResponse(.contentTooLarge, "the body is \(size) bytes or more; the limit is \(maxBodySize)")
    }

    /// Whether `request` accepts gzip (`Accept-Encoding: gzip` without `q=0`).
    static func acceptsGzip(_ request: Request) -> Bool {
        guard let accept = request.headers[.acceptEncoding] else { return false }
        for part in accept.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            guard let coding = fields.first, coding == "gzip" || coding == "*" else { continue }
            return !fields.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.000" }
        }
        return false
    }

    /// `buffer` in gzip format.
    static func gzip(_ buffer: ByteBuffer) throws -> ByteBuffer {
        var input = buffer
        let compressor = CompressionAlgorithm.gzip().compressor
        try compressor.startStream()
        var output = ByteBuffer()
        output.reserveCapacity(compressor.maxSize(from: input))
        try compressor.streamDeflate(from: &input, to: &output, flush: .finish)
        try compressor.finishStream()
        return output
    }

    /// `reply` gzipped when it is at least ``gzipMinimumSize`` long.
    func compress(_ reply: Reply) -> Reply {
        guard reply.headers[.contentEncoding] == nil, reply.body.readableBytes >= gzipMinimumSize else { return reply }
        guard let output = try? Self.gzip(reply.body) else { return reply }
        var compressed = reply
        compressed.headers[.contentEncoding] = "gzip"
        compressed.headers[.vary] = "Accept-Encoding"
        compressed.body = output
        return compressed
    }
}
