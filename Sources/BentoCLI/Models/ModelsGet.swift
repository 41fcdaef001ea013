import ArgumentParser
import BentoCore

/// `bento models get TAG [-o table|json|yaml]`
struct ModelsGet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one model: its record, files and signatures.")

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Flag(name: .long, help: "Also re-hash every file before showing it.")
    var verify = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try Terminal.reportingErrors {
            let model = try storeOptions.store.get(try Tag(parsing: tag), verifyHashes: verify)
            guard outputOptions.output == .table else {
                print(try Output.render(model.info, as: outputOptions.output))
                return
            }
            print(ModelsGet.describe(model))
        }
    }

    static func describe(_ model: StoredModel) -> String {
        let info = model.info
        var lines = [
            "tag:        \(info.tag)",
            "framework:  \(info.framework)",
            "created:    \(Format.date(info.creationTime)) UTC",
            "size:       \(Format.bytes(info.size))",
            "path:       \(model.directory)",
        ]
        if !info.labels.isEmpty {
            lines.append("labels:     " + info.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        for (key, value) in info.metadata.sorted(by: { $0.key < $1.key }) { lines.append("metadata:   \(key)=\(value)") }
        lines.append("signatures:" + (info.signatures.isEmpty ? " none" : ""))
        for (method, signature) in info.signatures.sorted(by: { $0.key < $1.key }) {
            let batch = signature.batchable ? "batchable, batch_dim \(signature.batchDim)" : "not batchable"
            lines.append("  \(method) (\(batch))")
            for spec in signature.inputs { lines.append("    input  \(spec.name): \(spec.dtype) \(spec.shape)") }
            for spec in signature.outputs { lines.append("    output \(spec.name): \(spec.dtype) \(spec.shape)") }
        }
        lines.append("files:")
        for file in info.files { lines.append("  \(file.path)  \(Format.bytes(file.size))  sha256:\(file.sha256)") }
        return lines.joined(separator: "\n")
    }
}
