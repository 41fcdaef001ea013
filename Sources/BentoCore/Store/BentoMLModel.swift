import Foundation
import Yams

/// The `model.yaml` BentoML 1.x writes in its model store and `.bentomodel` exports, and its
/// translation to SwiftBento's ``ModelInfo``.
struct BentoMLModel: Decodable {
    var name: String
    var version: String
    var module: String
    var labels: [String: String]?
    var metadata: [String: MetadataValue]?
    var options: [String: MetadataValue]?
    var signatures: [String: ModelSignature]?
    var context: [String: MetadataValue]?
    var creationTime: String?

    enum CodingKeys: String, CodingKey {
        case name, version, module, labels, metadata, options, signatures, context
        case creationTime = "creation_time"
    }

    /// Whether a parsed YAML mapping looks like BentoML's (`module`, no `framework`).
    static func isBentoML(_ text: String) -> Bool {
        guard let node = try? Yams.compose(yaml: text), let mapping = node.mapping else { return false }
        return mapping["module"] != nil && mapping["framework"] == nil
    }

    /// SwiftBento's framework for a BentoML module: `bentoml.onnx` → `onnx`, `bentoml.sklearn` →
    /// `python.sklearn`, and likewise `python.<last part>` for the others.
    static func framework(forModule module: String) -> String {
        let last = module.split(separator: ".").last.map(String.init) ?? module
        switch last {
        case "onnx": return "onnx"
        case "picklable_model": return "python.pickle"
        default: return "python." + last
        }
    }

    /// Parses BentoML's model.yaml; `source` names it in errors.
    init(yaml text: String, source: String) throws(StoreError) {
        do {
            self = try YAMLDecoder().decode(BentoMLModel.self, from: text)
        } catch {
            throw StoreError(
                .invalidModel, "\(source) is not a valid BentoML model.yaml (\(ModelInfo.describe(error)))", cause: error)
        }
    }

    /// The SwiftBento record, keeping BentoML's tag, labels, metadata, options, signatures and context.
    func info(files: [ModelInfo.File]) throws(StoreError) -> ModelInfo {
        let tag = "\(name):\(version)"
        try Tag.validate(name, part: "name", in: tag)
        try Tag.validate(version, part: "version", in: tag)
        var context = self.context ?? [:]
        context["bentoml_module"] = .string(module)
        let created = creationTime.flatMap(ModelInfo.parseDateText) ?? Date()
        return ModelInfo(
            tag: Tag(name: name, version: version),
            framework: Self.framework(forModule: module),
            labels: labels ?? [:],
            metadata: metadata ?? [:],
            signatures: signatures ?? [:],
            options: options ?? [:],
            context: context,
            creationTime: created,
            files: files
        )
    }
}
