public import Foundation

/// The local, versioned model store: `$BENTO_HOME/models/<name>/<version>/` holding `model.yaml`
/// and the model's files, and `<name>/latest` naming the newest version.
///
/// Every write goes to a temporary folder inside the store, is hashed and fsynced, and is renamed
/// into place under an exclusive file lock, so concurrent processes never see or make a partial entry.
///
/// ```swift
/// let store = ModelStore(home: ModelStore.defaultHome())
/// let model = try store.save(from: "iris.onnx", name: "iris", framework: "onnx")
/// let same = try store.get(try Tag(parsing: "iris:latest"))
/// ```
public struct ModelStore: Sendable {
    /// The `BENTO_HOME` folder.
    public let home: String
    /// Archives whose files add up to more than this many bytes are refused on import.
    public var maxImportSize: Int64

    /// The default import limit: 256 GiB.
    public static let defaultMaxImportSize: Int64 = 256 << 30

    /// Opens (without creating anything yet) the store under `home`.
    public init(home: String, maxImportSize: Int64 = ModelStore.defaultMaxImportSize) {
        self.home = home
        self.maxImportSize = maxImportSize
    }

    /// `$BENTO_HOME` if set and non-empty, else `~/.bento`.
    public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["BENTO_HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".bento").path
    }

    /// `<home>/models`.
    public var modelsDirectory: String { home + "/models" }

    /// The shared versioned-folder machinery, rooted at ``modelsDirectory``.
    var core: VersionedStore {
        let store = self
        return VersionedStore(root: modelsDirectory, noun: "model", command: "bento models") { store.newestVersion(of: $0) }
    }

    var tempRoot: String { core.tempRoot }

    func directory(of tag: Tag) -> String { core.directory(of: tag) }

    /// A fresh staging folder inside the store, named after this process so leftovers can be told apart.
    func makeStagingDirectory() throws(StoreError) -> String { try core.makeStagingDirectory() }

    /// Staging folders whose process is gone: interrupted saves or imports. Nothing reads them; the
    /// next write removes them.
    public func leftovers() -> [String] { core.leftovers() }
}
