import ArgumentParser
import BentoCore

/// `bento models export TAG PATH`
struct ModelsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write one model to a tar archive that `bento models import` reads back.")

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Argument(help: "The archive to write, or a folder to write <name>-<version>.tar into.")
    var path: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bar = ProgressBar(label: "exporting")
            defer { bar.finish() }
            let written = try storeOptions.store.export(try Tag(parsing: tag), to: path, progress: bar.update)
            print(written)
        }
    }
}
