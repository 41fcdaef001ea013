import ArgumentParser
import BentoCore

/// Options every `bento models` command takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SwiftBento home folder (default: $BENTO_HOME, else ~/.bento).")
    var home: String?

    var store: ModelStore { ModelStore(home: home ?? ModelStore.defaultHome()) }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, yaml
}

/// `-o/--output`.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml.")
    var output: OutputFormat = .table
}
