import ArgumentParser
import BentoCore
import BentoONNX
import Foundation

/// `bento models import PATH [--name N] [--label k=v]… [--metadata k=v]…`
struct ModelsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a model file or folder, an exported archive, or a BentoML model folder or .bentomodel.")

    @Argument(help: "A model file (e.g. model.onnx), a folder, a `bento models export` archive, or a BentoML model.")
    var path: String

    @Option(help: "The model's name (default: the tag in model.yaml, else the file name).")
    var name: String?

    @Option(help: "The framework (default: detected, e.g. .onnx means onnx).")
    var framework: String?

    @Option(name: .customLong("label"), help: "A label key=value; repeatable.")
    var labels: [String] = []

    @Option(name: .customLong("metadata"), help: "A metadata entry key=value; repeatable.")
    var metadata: [String] = []

    @Option(name: .customLong("max-size"), help: "Refuse archives holding more than this many bytes.")
    var maxSize: Int64 = ModelStore.defaultMaxImportSize

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            var store = storeOptions.store
            store.maxImportSize = maxSize
            let overrides = ModelStore.ImportOverrides(
                name: name,
                labels: try Format.pairs(labels, option: "--label"),
                metadata: try Format.pairs(metadata, option: "--metadata").mapValues { .string($0) })
            let bar = ProgressBar(label: "importing")
            defer { bar.finish() }
            let model: StoredModel
            switch try ModelStore.classify(path) {
            case .archive: model = try store.importArchive(at: path, overrides: overrides, progress: bar.update)
            case .modelFolder: model = try store.importFolder(at: path, overrides: overrides, progress: bar.update)
            case .files: model = try store.save(from: path, as: try newRecord(overrides), progress: bar.update)
            }
            print("imported \(model.tag)")
        }
    }

    /// The record for a plain file or folder: name, detected framework, ONNX signatures.
    private func newRecord(_ overrides: ModelStore.ImportOverrides) throws -> ModelInfo {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let modelName = try overrides.name ?? ModelsImport.defaultName(for: url)
        try Tag.validate(modelName, part: "name")
        let onnxFile = ModelsImport.onnxFile(in: url)
        guard let framework = framework ?? (onnxFile != nil ? "onnx" : nil) else {
            throw CLIError(message: "cannot tell the framework of \(path); pass --framework (e.g. onnx, python.sklearn, swift)")
        }
        var signatures: [String: ModelSignature] = [:]
        if framework == "onnx", let onnxFile {
            do {
                signatures["run"] = try ONNXRuntime.inspectSignature(modelAt: onnxFile)
            } catch {
                Terminal.error("warning: could not read the ONNX signature (\(error)); importing without signatures")
            }
        }
        return ModelInfo(
            tag: Tag(name: modelName, version: nil), framework: framework, labels: overrides.labels,
            metadata: overrides.metadata, signatures: signatures)
    }

    /// The file's name without extension, lowercased; an error asking for `--name` when unusable.
    static func defaultName(for url: URL) throws -> String {
        let base = url.deletingPathExtension().lastPathComponent.lowercased()
        guard (try? Tag.validate(base, part: "name")) != nil else {
            throw CLIError(message: "'\(base)' is not a valid model name; pass --name (lowercase letters, digits, - . _)")
        }
        return base
    }

    /// The `.onnx` file itself, or the only `.onnx` file at the top of a folder.
    static func onnxFile(in url: URL) -> String? {
        if url.pathExtension.lowercased() == "onnx" { return url.path }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        let onnx = names.filter { $0.lowercased().hasSuffix(".onnx") }
        return onnx.count == 1 ? url.appendingPathComponent(onnx[0]).path : nil
    }
}
