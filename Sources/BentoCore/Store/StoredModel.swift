/// A model found in the store: its `model.yaml` record and the folder holding its files.
///
/// ```swift
/// let model = try store.get(try Tag(parsing: "iris"))
/// let onnxPath = model.path(of: "saved_model.onnx")
/// ```
public struct StoredModel: Sendable, Hashable {
    /// The parsed `model.yaml`.
    public var info: ModelInfo
    /// The entry's folder, `$BENTO_HOME/models/<name>/<version>`.
    public var directory: String

    /// The exact tag.
    public var tag: Tag { info.tag }

    /// The absolute path of one of the model's files.
    public func path(of file: String) -> String { directory + "/" + file }
}
