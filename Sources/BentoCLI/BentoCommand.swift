public import ArgumentParser
public import BentoCore
import Synchronization

/// The `bento` command line, as a library so that a user's service executable gets the same
/// commands (see ``CLI/main(service:_:)``).
public struct BentoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bento",
        abstract: "SwiftBento: build, store and serve machine-learning models from Swift.",
        subcommands: [ModelsCommand.self, ServeCommand.self, RunnerCommand.self]
            + [BuildCommand.self, BentosList.self, BentosGet.self, BentosDelete.self, BentosExport.self, BentosImport.self]
            + [ContainerizeCommand.self, DeployCommand.self]
    )

    public init() {}
}

/// Entry points for executables.
///
/// The `bento` tool calls `await CLI.main()`. A service executable passes its service and gets
/// `serve` (its APIs on HTTP), `openapi` (the OpenAPI document) and `models`:
///
/// ```swift
/// @main struct Main {
///     static func main() async { await CLI.main(service: makeService()) }
/// }
/// ```
public enum CLI {
    /// Parses `arguments` (the process's own when `nil`), runs the command and exits.
    public static func main(_ arguments: [String]? = nil) async {
        await BentoCommand.main(arguments)
    }

    /// Runs the commands of a service executable for `service`.
    public static func main(service: BentoService, _ arguments: [String]? = nil) async {
        ServiceHolder.current.withLock { $0 = service }
        await ServiceCommand.main(arguments)
    }
}

/// The service a service executable was started with.
enum ServiceHolder {
    static let current = Mutex<BentoService?>(nil)
    static var service: BentoService {
        get throws {
            guard let service = current.withLock({ $0 }) else { throw CLIError(message: "no service was given to CLI.main") }
            return service
        }
    }
}

/// The root command of a service executable.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A SwiftBento service.",
        subcommands: [ServeServiceCommand.self, OpenAPICommand.self, ModelsCommand.self, DescribeCommand.self, ServiceRunnerCommand.self],
        defaultSubcommand: ServeServiceCommand.self
    )
}

/// `serve`: the service's APIs, probes, metrics and docs over HTTP.
struct ServeServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve this service over HTTP.")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try await options.serve(service: try ServiceHolder.service, models: [])
    }
}

/// `openapi`: prints the service's OpenAPI 3 document.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "openapi", abstract: "Print the OpenAPI document.")

    func run() throws {
        let document = try ServiceHolder.service.openAPIDocument()
        print(String(decoding: document, as: UTF8.self))
    }
}
