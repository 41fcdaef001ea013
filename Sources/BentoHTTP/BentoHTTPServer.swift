public import BentoCore
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
import UnixSignals

/// The HTTP frontend of a ``BentoCore/BentoService``, on Hummingbird 2: its APIs, the Open
/// Inference Protocol (KServe v2) model endpoints, Kubernetes probes, Prometheus metrics, the
/// OpenAPI document and a web page to try each API.
///
/// It is a ServiceLifecycle `Service`: run it in a `ServiceGroup` with others, or on its own
/// with ``runUntilSignalled()``, which stops gracefully on SIGTERM and SIGINT (in-flight requests
/// finish, new connections are refused, and the process exits within the grace period).
///
/// ```swift
/// let server = BentoHTTPServer(service: service, configuration: .init(port: 3000))
/// try await server.runUntilSignalled()
/// ```
///
/// Routes: `POST /<api route>`; `GET /livez`, `/healthz`, `/readyz` (503 until ready);
/// `GET /metrics`; `GET /docs.json`; `GET /`; `GET /v2`, `/v2/health/live`, `/v2/health/ready`;
/// `GET /v2/models/{name}[/versions/{v}]`, `…/ready`; `POST …/infer`.
public struct BentoHTTPServer: Service {
    /// The service served.
    public var service: BentoService
    /// Where to listen and the traffic rules.
    public var configuration: HTTPConfiguration
    /// The server's logger; access log lines go here at `info`.
    public var logger: Logger

    /// Creates a server; nothing runs until ``run()``.
    public init(
        service: BentoService,
        configuration: HTTPConfiguration = .defaults,
        logger: Logger = Logger(label: "bento.http")
    ) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the service's startup hooks, serves until cancelled or shut down gracefully, then
    /// runs its shutdown hooks.
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// As ``run()``, calling `onListening` with the bound port once the server listens.
    package func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        ServerMetrics.bootstrapMetricsSystem()
        let application = try makeApplication(onListening: onListening)
        for hook in service.onStartup { try await hook() }
        do {
            try await application.run()
        } catch {
            for hook in service.onShutdown { await hook() }
            throw error
        }
        for hook in service.onShutdown { await hook() }
    }

    /// Runs the server in its own `ServiceGroup` until SIGTERM or SIGINT, then shuts down
    /// gracefully within ``HTTPConfiguration/Traffic/gracefulShutdownTimeout``.
    public func runUntilSignalled() async throws {
        var group = ServiceGroupConfiguration(
            services: [.init(service: self)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        group.maximumGracefulShutdownDuration = configuration.traffic.gracefulShutdownTimeout
        group.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: group).run()
    }

    /// The Hummingbird application: for tests (`app.test(.router)` / `.live`) and for embedding.
    func makeApplication(
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let responder = try makeResponder()
        return Application(
            responder: responder,
            configuration: .init(
                address: configuration.socketPath.map { .unixDomainSocket(path: $0) }
                    ?? .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            services: [responder.timer],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Builds the route table. Throws when an API's route collides with a built-in one.
    func makeResponder() throws -> BentoResponder {
        try service.validate()
        let metrics = ServerMetrics(serviceName: service.name, serviceVersion: service.version)
        let builtIn =
            HealthRoutes.routes(for: service) + MetricsRoute.routes() + DocsRoute.routes(for: service)
            + WebPage.routes() + InferenceRoutes.routes(for: service)
        var routes: [String: BentoResponder.Entry] = [:]
        for (path, route) in builtIn {
            routes[path] = .init(route: route, metrics: metrics.endpoint(route.endpoint, eager: route.limited))
        }
        for (path, route) in APIRoutes.routes(for: service) {
            guard routes[path] == nil, !path.hasPrefix("/v2/") else {
                throw ServiceError(.internalError, "API route '\(path)' collides with a route the server provides")
            }
            routes[path] = .init(route: route, metrics: metrics.endpoint(route.endpoint, eager: true))
        }
        let service = self.service
        return BentoResponder(
            routes: routes,
            notFound: { path in InferenceRoutes.notFound(path, service: service) ?? .notFound(path) },
            traffic: configuration.traffic,
            security: configuration.security,
            behaviour: configuration.behaviour,
            bodyCodec: BodyCodec(
                maxBodySize: configuration.traffic.maxBodySize,
                gzipMinimumSize: configuration.behaviour.gzipMinimumSize
            ),
            limiter: ConcurrencyLimiter(limit: configuration.traffic.maxConcurrency),
            timer: DeadlineTimer(),
            logger: logger
        )
    }
}
