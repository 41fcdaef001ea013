import ArgumentParser
import BentoCore

/// `bento models verify TAG`
struct ModelsVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Re-hash every file of a model and report any that changed.")

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bar = ProgressBar(label: "verifying")
            defer { bar.finish() }
            let model = try storeOptions.store.verify(try Tag(parsing: tag), progress: bar.update)
            let count = model.info.files.count
            print("\(model.tag): \(count) \(count == 1 ? "file" : "files") OK")
        }
    }
}
