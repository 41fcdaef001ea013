import NIOCore
import NIOHTTP1
import Synchronization

/// Keep-alive connections to one replica: an exchange takes an idle connection (or opens one),
/// and gives it back when the response came whole and the server keeps the connection open.
final class ConnectionPool: Sendable {
    let endpoint: RunnerEndpoint
    private let group: any EventLoopGroup
    private let connectTimeout: TimeAmount
    private let maxIdle: Int
    private let idle = Mutex<[any Channel]>([])

    init(endpoint: RunnerEndpoint, group: any EventLoopGroup, connectTimeout: TimeAmount, maxIdle: Int) {
        self.endpoint = endpoint
        self.group = group
        self.connectTimeout = connectTimeout
        self.maxIdle = maxIdle
    }

    /// Sends one request and returns the whole response.
    ///
    /// - Throws: ``ClientConnectionError``: `.notSent` when no connection could take it (safe to
    ///   retry elsewhere), `.lostInFlight`, `.timedOut` or `.cancelled`.
    func exchange(
        method: HTTPMethod,
        path: String,
        headers: [(String, String)],
        body: ByteBuffer,
        deadline: NIODeadline
    ) async throws -> ClientResponse {
        let channel = try await checkOut()
        // Connecting can outlast a short deadline on a busy machine: then there is no time left to
        // send in (and a timer already due would abort the connection under the request).
        guard NIODeadline.now() < deadline else {
            checkIn(channel, keepAlive: true)
            throw ClientConnectionError(kind: .timedOut, message: "timed out before the request could be sent")
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.reserveCapacity(2 + headers.count)
        head.headers.add(name: "Host", value: endpoint.hostHeader)
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let promise = channel.eventLoop.makePromise(of: ClientResponse.self)
        let response: ClientResponse
        do {
            response = try await withTaskCancellationHandler {
                // One hop onto the connection's loop: the handler sends the request and arms the
                // deadline there. A write that never reaches the handler (the channel closed in
                // between) fails its write promise instead: then the request was not sent.
                let written = channel.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenFailure { error in
                    promise.fail(ClientConnectionError(kind: .notSent, message: "the connection closed before the request went out (\(error))"))
                }
                channel.write(ClientExchange(head: head, body: body, deadline: deadline, promise: promise), promise: written)
                return try await promise.futureResult.get()
            } onCancel: {
                channel.triggerUserOutboundEvent(ClientAbort.cancelled, promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            throw error
        }
        checkIn(channel, keepAlive: response.head.isKeepAlive)
        return response
    }

    /// Closes the idle connections.
    func close() {
        let channels = idle.withLock { idle in
            defer { idle = [] }
            return idle
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func checkOut() async throws -> any Channel {
        while let channel = idle.withLock({ $0.popLast() }) {
            if channel.isActive { return channel }
        }
        return try await ClientConnector.connect(to: endpoint, group: group, timeout: connectTimeout)
    }

    private func checkIn(_ channel: any Channel, keepAlive: Bool) {
        guard keepAlive, channel.isActive else {
            channel.close(promise: nil)
            return
        }
        let kept = idle.withLock { idle in
            guard idle.count < maxIdle else { return false }
            idle.append(channel)
            return true
        }
        if !kept { channel.close(promise: nil) }
    }
}
