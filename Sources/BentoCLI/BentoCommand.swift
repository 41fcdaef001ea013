public import ArgumentParser

/// The `bento` command line, as a library so that a user's service executable gets the same
/// commands by calling `BentoCommand.main()`.
public struct BentoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bento",
        abstract: "SwiftBento: build, store and serve machine-learning models from Swift.",
        subcommands: [ModelsCommand.self]
    )

    public init() {}
}

/// Entry point for executables: `await CLI.main()` runs the `bento` commands on the process's
/// arguments and exits with their status.
public enum CLI {
    /// Parses `arguments` (the process's own when `nil`), runs the command and exits.
    public static func main(_ arguments: [String]? = nil) async {
        await BentoCommand.main(arguments)
    }
}
