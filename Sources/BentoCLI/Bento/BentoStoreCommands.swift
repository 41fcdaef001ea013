import ArgumentParser
import BentoBuild
import BentoCore
import Foundation

extension StoreOptions {
    var bentos: BentoStore { BentoStore(home: home ?? ModelStore.defaultHome()) }
}

/// `bento list [NAME]`
struct BentosList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List built bentos, newest first.")

    @Argument(help: "Only bentos with this name.")
    var name: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    struct Row: Encodable {
        var tag: String
        var service: String?
        var size: Int64?
        var creationTime: String?
        var problem: String?

        enum CodingKeys: String, CodingKey {
            case tag, service, size, problem
            case creationTime = "creation_time"
        }
    }

    func run() throws {
        try Terminal.reportingErrors {
            if let name { try Tag.validate(name, part: "name") }
            let rows = storeOptions.bentos.list(name: name).map { entry in
                Row(
                    tag: entry.tag.description, service: entry.info?.service.kind, size: entry.info?.size,
                    creationTime: entry.info.map { Format.date($0.creationTime) }, problem: entry.problem)
            }
            guard outputOptions.output == .table else {
                print(try Output.render(rows, as: outputOptions.output))
                return
            }
            print(
                Format.table(
                    ["TAG", "SERVICE", "SIZE", "CREATED (UTC)"],
                    rows.map { [$0.tag, $0.problem.map { "BROKEN: \($0)" } ?? $0.service ?? "-", $0.size.map(Format.bytes) ?? "-", $0.creationTime ?? "-"] }
                ))
        }
    }
}

/// `bento get TAG`
struct BentosGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one bento's bento.yaml.")

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Flag(name: .long, help: "Also re-hash every file.")
    var verify = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bento = try storeOptions.bentos.get(try Tag(parsing: tag), verifyHashes: verify)
            if outputOptions.output == .json {
                print(try Output.render(bento.info, as: .json))
            } else {
                print(try bento.info.yaml(), terminator: "")
            }
        }
    }
}

/// `bento delete TAG -y`
struct BentosDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a bento; `latest` moves to the newest remaining version.")

    @Argument(help: "name:version (or name / name:latest for the newest).")
    var tag: String

    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let store = storeOptions.bentos
            let exact = try store.resolve(try Tag(parsing: tag))
            if !yes {
                guard Terminal.stdinIsTerminal else {
                    throw CLIError(message: "refusing to delete \(exact) without confirmation; pass -y to delete it")
                }
                guard Terminal.confirm("Delete bento \(exact)?") else {
                    throw CLIError(message: "not deleted; answer 'y' or pass -y to delete \(exact)")
                }
            }
            print("deleted \(try store.delete(exact))")
        }
    }
}

/// `bento export TAG PATH`
struct BentosExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write one bento to a tar archive that `bento import` reads back.")

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Argument(help: "The archive to write, or a folder to write <name>-<version>.bento into.")
    var path: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bar = ProgressBar(label: "exporting")
            defer { bar.finish() }
            print(try storeOptions.bentos.export(try Tag(parsing: tag), to: path, progress: bar.update))
        }
    }
}

/// `bento import PATH`
struct BentosImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a bento archive made by `bento export`, checking every file.")

    @Argument(help: "The archive.")
    var path: String

    @Option(help: "Refuse archives whose files add up to more than this many bytes.")
    var maxSize: Int64 = ModelStore.defaultMaxImportSize

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            var store = storeOptions.bentos
            store.maxImportSize = maxSize
            let bar = ProgressBar(label: "importing")
            defer { bar.finish() }
            print(try store.importArchive(at: path, progress: bar.update).info.tag)
        }
    }
}
