import BentoCore
import BentoHTTP
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a service: its HTTP server, its runners' batchers, and any background model loads, in
/// one ServiceGroup that shuts down gracefully on SIGTERM or SIGINT (the server first, so
/// in-flight requests finish, then the runners).
enum ServiceRuntime {
    static func run(
        _ service: BentoService,
        http: HTTPConfiguration,
        logger: Logger,
        supervisors: [RunnerSupervisor] = []
    ) async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        // Child runner processes: started first, stopped last (after the server has drained).
        for supervisor in supervisors {
            services.append(.init(service: supervisor))
        }
        for runner in service.runners {
            services.append(.init(service: RunnerService(runner: runner)))
        }
        let loaders = service.loadingRunnables
        if !loaders.isEmpty {
            services.append(.init(service: LoaderService(loaders: loaders, logger: logger)))
        }
        services.append(
            .init(
                service: BentoHTTPServer(service: service, configuration: http, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        )
        var configuration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = http.traffic.gracefulShutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// A runner's batchers, for as long as the group runs.
struct RunnerService: Service {
    let runner: Runner
    func run() async {
        await cancelWhenGracefulShutdown { await runner.run() }
    }
}

/// Loads models in the background while the server already answers probes, then idles.
struct LoaderService: Service {
    let loaders: [LoadingRunnable]
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for loader in loaders {
                group.addTask {
                    let start = ContinuousClock.now
                    await loader.load()
                    if let problem = loader.readinessProblem {
                        logger.error("\(problem)")
                    } else {
                        logger.info("model '\(loader.name)' loaded in \(ContinuousClock.now - start)")
                    }
                }
            }
        }
        try? await gracefulShutdown()
    }
}
