public import Foundation

/// The contents of a stored model's `model.yaml`: its tag, framework, labels, metadata,
/// signatures, options, creation time and the sha256 of every file.
///
/// ```swift
/// let model = try store.get("iris")
/// print(model.info.framework, model.info.signatures["run"]?.batchable ?? false)
/// ```
public struct ModelInfo: Sendable, Hashable, Codable {
    /// One file of the model, relative to the entry's folder.
    public struct File: Sendable, Hashable, Codable {
        /// Path relative to the entry, `/`-separated, never `..` or absolute.
        public var path: String
        /// Size in bytes.
        public var size: Int64
        /// Lowercase hex sha256 of the contents.
        public var sha256: String

        /// Creates a file record.
        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }
    }

    /// The model's name.
    public var name: String
    /// The model's version.
    public var version: String
    /// What runs it: `onnx`, `python.sklearn`, `swift`, …
    public var framework: String
    /// Short `key: value` strings to filter by.
    public var labels: [String: String]
    /// Free-form values (metrics, provenance).
    public var metadata: [String: MetadataValue]
    /// Callable methods by name.
    public var signatures: [String: ModelSignature]
    /// Framework options (e.g. ONNX providers).
    public var options: [String: MetadataValue]
    /// Where the model came from (BentoML's `context`: framework and library versions).
    public var context: [String: MetadataValue]
    /// When the model was first saved.
    public var creationTime: Date
    /// Every file of the model except `model.yaml`, sorted by path.
    public var files: [File]

    /// Creates the record of a model.
    public init(
        tag: Tag,
        framework: String,
        labels: [String: String] = [:],
        metadata: [String: MetadataValue] = [:],
        signatures: [String: ModelSignature] = [:],
        options: [String: MetadataValue] = [:],
        context: [String: MetadataValue] = [:],
        creationTime: Date = Date(),
        files: [File] = []
    ) {
        self.name = tag.name
        self.version = tag.version ?? Tag.generateVersion(at: creationTime)
        self.framework = framework
        self.labels = labels
        self.metadata = metadata
        self.signatures = signatures
        self.options = options
        self.context = context
        self.creationTime = ModelInfo.milliseconds(creationTime)
        self.files = files
    }

    /// The exact tag, `name:version`.
    public var tag: Tag { Tag(name: name, version: version) }

    /// Total size of the model's files in bytes.
    public var size: Int64 { files.reduce(0) { $0 + $1.size } }

    /// `model.yaml` keeps milliseconds; rounding here makes a saved record equal its re-read self.
    static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    enum CodingKeys: String, CodingKey {
        case name, version, framework, labels, metadata, signatures, options, context, files
        case creationTime = "creation_time"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decode(String.self, forKey: .version)
        framework = try c.decode(String.self, forKey: .framework)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        metadata = try c.decodeIfPresent([String: MetadataValue].self, forKey: .metadata) ?? [:]
        signatures = try c.decodeIfPresent([String: ModelSignature].self, forKey: .signatures) ?? [:]
        options = try c.decodeIfPresent([String: MetadataValue].self, forKey: .options) ?? [:]
        context = try c.decodeIfPresent([String: MetadataValue].self, forKey: .context) ?? [:]
        creationTime = ModelInfo.milliseconds(try ModelInfo.parseDate(try c.decode(String.self, forKey: .creationTime), in: c))
        files = try c.decodeIfPresent([File].self, forKey: .files) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(framework, forKey: .framework)
        try c.encode(labels, forKey: .labels)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(signatures, forKey: .signatures)
        try c.encode(options, forKey: .options)
        try c.encode(context, forKey: .context)
        try c.encode(ModelInfo.formatDate(creationTime), forKey: .creationTime)
        try c.encode(files, forKey: .files)
    }
}
