import NIOCore
import NIOHTTP1
import NIOPosix

/// One exchange for ``ClientConnectionHandler``: the request and where its answer goes.
///
/// The handler arms the deadline itself when the request goes out, on the connection's event
/// loop, so an exchange costs the caller one hop onto the loop (the write) and none for a timer.
struct ClientExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var deadline: NIODeadline
    var promise: EventLoopPromise<ClientResponse>
}

/// A whole response, body collected.
struct ClientResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// Why an exchange failed below HTTP.
struct ClientConnectionError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        /// The request was not (fully) sent: safe to send again elsewhere.
        case notSent
        /// The request was sent and the connection died before the whole answer came.
        case lostInFlight
        /// The caller's deadline passed.
        case timedOut
        /// The caller was cancelled.
        case cancelled
    }
    var kind: Kind
    var message: String
    var description: String { message }
}

/// Events a caller sends down the pipeline to end an exchange early.
enum ClientAbort: Sendable {
    case timedOut
    case cancelled
}

/// Sends one request at a time on a keep-alive HTTP/1.1 connection and collects its response.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = ClientExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<ClientResponse>?
    /// Set once the connection is aborted or gone: a request written after that could never be
    /// answered, so it fails at once instead of waiting forever.
    private var closed = false
    private var sent = false
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var timer: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard !closed, context.channel.isActive else {
            exchange.promise.fail(ClientConnectionError(kind: .notSent, message: "the connection closed before the request went out"))
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        guard pending == nil else {
            exchange.promise.fail(ClientConnectionError(kind: .notSent, message: "connection busy"))
            return
        }
        pending = exchange.promise
        sent = false
        let loop = context.eventLoop.assumeIsolated()
        timer = loop.scheduleTask(deadline: exchange.deadline) { [weak self] in
            self?.abort(.timedOut, context: context)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenSuccess { [weak self] _ in self?.sent = true }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            body = nil
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let promise = pending, let head else { return }
            pending = nil
            self.head = nil
            timer?.cancel()
            timer = nil
            promise.succeed(ClientResponse(head: head, body: body ?? ByteBuffer()))
            body = nil
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let abort = event as? ClientAbort {
            self.abort(abort, context: context)
            promise?.succeed()
            return
        }
        context.triggerUserOutboundEvent(event, promise: promise)
    }

    /// Ends the exchange in flight (its answer can no longer be told apart from the next one's,
    /// so the connection goes too).
    private func abort(_ reason: ClientAbort, context: ChannelHandlerContext) {
        closed = true
        switch reason {
        case .timedOut: fail(ClientConnectionError(kind: .timedOut, message: "timed out"))
        case .cancelled: fail(ClientConnectionError(kind: .cancelled, message: "cancelled"))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        fail(lost("the runner closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(lost("connection error: \(error)"))
        context.close(promise: nil)
    }

    private func lost(_ message: String) -> ClientConnectionError {
        ClientConnectionError(kind: sent || head != nil ? .lostInFlight : .notSent, message: message)
    }

    private func fail(_ error: ClientConnectionError) {
        guard let promise = pending else { return }
        pending = nil
        head = nil
        body = nil
        timer?.cancel()
        timer = nil
        promise.fail(error)
    }
}

/// Opens client connections to an endpoint, with the HTTP/1.1 codec and the exchange handler.
enum ClientConnector {
    static func connect(
        to endpoint: RunnerEndpoint,
        group: any EventLoopGroup,
        timeout: TimeAmount
    ) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler())
                }
            }
        do {
            switch endpoint.address {
            case .tcp(let host, let port): return try await bootstrap.connect(host: host, port: port).get()
            case .unix(let path): return try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw ClientConnectionError(kind: .notSent, message: "cannot connect to \(endpoint): \(error)")
        }
    }
}
