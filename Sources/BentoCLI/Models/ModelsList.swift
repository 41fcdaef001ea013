import ArgumentParser
import BentoCore
import Foundation

/// `bento models list [NAME] [--label k=v]…`
struct ModelsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List stored models, newest first; broken entries are marked.")

    @Argument(help: "Only models with this name.")
    var name: String?

    @Option(name: .customLong("label"), help: "Only models with this label (key=value); repeatable.")
    var labels: [String] = []

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    /// One row of the listing, also its JSON/YAML form.
    struct Row: Encodable {
        var tag: String
        var framework: String?
        var size: Int64?
        var creationTime: String?
        var labels: [String: String]?
        var problem: String?

        enum CodingKeys: String, CodingKey {
            case tag, framework, size, labels, problem
            case creationTime = "creation_time"
        }
    }

    func run() throws {
        try Terminal.reportingErrors {
            let store = storeOptions.store
            if let name { try Tag.validate(name, part: "name") }
            let entries = store.list(name: name, labels: try Format.pairs(labels, option: "--label"))
            for leftover in store.leftovers() {
                Terminal.error("warning: \(leftover) is left from an interrupted import; it is ignored and removed by the next import")
            }
            let rows = entries.map { entry in
                Row(
                    tag: entry.tag.description, framework: entry.summary?.framework, size: entry.summary?.size,
                    creationTime: entry.summary.map { Format.date($0.creationTime) }, labels: entry.summary?.labels,
                    problem: entry.problem)
            }
            guard outputOptions.output == .table else {
                print(try Output.render(rows, as: outputOptions.output))
                return
            }
            let table = rows.map { row in
                [
                    row.tag, row.framework ?? "-", row.size.map(Format.bytes) ?? "-", row.creationTime ?? "-",
                    row.problem.map { "BROKEN: \($0)" } ?? (row.labels ?? [:]).sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                ]
            }
            print(Format.table(["TAG", "FRAMEWORK", "SIZE", "CREATED (UTC)", "LABELS"], table))
        }
    }
}
