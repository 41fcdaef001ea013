/// A bento found in the store (or unpacked anywhere): its `bento.yaml` record and its folder.
///
/// ```swift
/// let bento = try BentoStore(home: home).get("iris-classifier")
/// let binary = bento.path(of: bento.info.service.executable)
/// ```
public struct StoredBento: Sendable, Hashable {
    /// The parsed `bento.yaml`.
    public var info: BentoInfo
    /// The bento's folder.
    public var directory: String

    /// The absolute path of one of the bento's files.
    public func path(of file: String) -> String { directory + "/" + file }

    /// The bento's configuration file, if it has one.
    public var configPath: String? { info.files.contains { $0.path == "config.yaml" } ? path(of: "config.yaml") : nil }
}
