import ArgumentParser
import BentoCore

/// `bento models delete TAG [-y]`
struct ModelsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a model; `latest` moves to the newest remaining version.")

    @Argument(help: "name:version (or name / name:latest for the newest).")
    var tag: String

    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let store = storeOptions.store
            let exact = try store.resolve(try Tag(parsing: tag))
            if !yes {
                guard Terminal.stdinIsTerminal else {
                    throw CLIError(message: "refusing to delete \(exact) without confirmation; pass -y to delete it")
                }
                guard Terminal.confirm("Delete model \(exact)?") else {
                    throw CLIError(message: "not deleted; answer 'y' or pass -y to delete \(exact)")
                }
            }
            print("deleted \(try store.delete(exact))")
        }
    }
}
