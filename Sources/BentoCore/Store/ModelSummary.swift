public import Foundation

/// The part of a stored model's `model.yaml` that a listing shows and checks: its tag, framework,
/// labels, creation time and files. ``ModelStore/list(name:labels:)`` reads only this, so that
/// listing many models does not decode every signature and metadata value.
///
/// ```swift
/// for entry in store.list(labels: ["stage": "prod"]) {
///     print(entry.tag, entry.summary?.framework ?? "-", entry.summary?.size ?? 0)
/// }
/// ```
public struct ModelSummary: Sendable, Hashable {
    /// The model's name.
    public var name: String
    /// The model's version.
    public var version: String
    /// What runs it: `onnx`, `python.sklearn`, `swift`, …
    public var framework: String
    /// Short `key: value` strings to filter by.
    public var labels: [String: String]
    /// When the model was first saved.
    public var creationTime: Date
    /// Every file of the model except `model.yaml`, sorted by path.
    public var files: [ModelInfo.File]

    /// The exact tag, `name:version`.
    public var tag: Tag { Tag(name: name, version: version) }

    /// Total size of the model's files in bytes.
    public var size: Int64 { files.reduce(0) { $0 + $1.size } }
}

extension ModelInfo {
    /// The fields of this record that a listing shows.
    public var summary: ModelSummary {
        ModelSummary(
            name: name, version: version, framework: framework, labels: labels, creationTime: creationTime,
            files: files)
    }
}

extension ModelSummary {
    /// Reads the listed fields of a `model.yaml`: with ``SummaryReader`` when the text is in the
    /// form ``ModelInfo/yaml()`` writes, else with the full decoder (whose errors it throws).
    init(yaml bytes: [UInt8], source: String) throws(StoreError) {
        if let fast = SummaryReader.read(bytes) {
            self = fast
        } else if let text = String(validating: bytes, as: UTF8.self) {
            self = try ModelInfo(yaml: text, source: source).summary
        } else {
            throw StoreError(.io, "cannot read \(source): it is not UTF-8 text")
        }
    }
}
