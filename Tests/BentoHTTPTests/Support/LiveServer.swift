import BentoCore
import Logging
import ServiceLifecycle

@testable import BentoHTTP

/// Runs a real server on an ephemeral loopback port inside a `ServiceGroup`, so tests can drive
/// it from other processes and shut it down gracefully.
struct LiveServer {
    /// The port it listens on.
    let port: Int
    /// The group it runs in.
    let group: ServiceGroup

    /// Starts the server, runs `body`, then shuts it down gracefully and waits for it to end.
    static func with<T: Sendable>(
        service: BentoService,
        configure: (inout HTTPConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (LiveServer) async throws -> T
    ) async throws -> T {
        var configuration = HTTPConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let server = BentoHTTPServer(service: service, configuration: configuration, logger: quietLogger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(
            configuration: .init(services: [Runner(server: server, ports: continuation)], logger: quietLogger)
        )
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let live = LiveServer(port: port, group: group)
            do {
                let result = try await body(live)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
        }
    }

    private struct Runner: Service {
        let server: BentoHTTPServer
        let ports: AsyncStream<Int>.Continuation

        func run() async throws {
            try await server.run { port in ports.yield(port) }
        }
    }
}
