import BentoCore
import Foundation
import Yams

/// What `bento build` reads: `bentofile.yaml`.
///
/// A bentofile with only `name` and `models` builds a zero-code bento that serves those models;
/// `service` names a SwiftPM package and executable product to compile instead. Unknown keys are
/// an error that names them.
///
/// ```yaml
/// name: iris-classifier
/// description: Iris species from four measurements.
/// labels: {team: ml}
/// service: {package: ., product: iris-service}   # omit for zero-code
/// models: [iris:latest]
/// include: ["README.md", "docs/*"]
/// config: {runners: {iris: {batching: {max_batch_size: 32}}}}   # or a file name
/// docker: {base_image: "debian:12-slim", system_packages: [libgomp1], env: {LOG: info}}
/// ```
public struct Bentofile: Sendable, Hashable {
    /// A SwiftPM executable to compile.
    public struct SwiftService: Sendable, Hashable {
        /// The package folder (absolute after loading).
        public var package: String
        /// The executable product.
        public var product: String
    }

    /// Options for the Dockerfile and the container image.
    public struct Docker: Sendable, Hashable {
        /// The Dockerfile's `FROM` (`debian:12-slim` unless given).
        public var baseImage: String = "debian:12-slim"
        /// Debian packages the Dockerfile installs.
        public var systemPackages: [String] = []
        /// Environment for the container.
        public var env: [String: String] = [:]
    }

    /// The bento's name (a tag name).
    public var name: String
    /// One paragraph for the bento's README.
    public var description: String = ""
    /// Labels recorded in `bento.yaml`.
    public var labels: [String: String] = [:]
    /// The service to compile, `nil` for a zero-code bento.
    public var service: SwiftService?
    /// Model tags the bento carries (and, zero-code, serves).
    public var models: [String] = []
    /// Glob patterns, relative to the bentofile's folder, of files copied into `src/`.
    public var include: [String] = []
    /// Glob patterns taken back out of `include`.
    public var exclude: [String] = []
    /// The configuration YAML the bento serves with (inline, or read from the named file).
    public var config: String?
    /// Container options.
    public var docker = Docker()
    /// The folder holding the bentofile; relative paths are resolved against it.
    public var directory: String

    /// The keys a bentofile may have.
    static let topKeys = ["name", "description", "labels", "service", "models", "include", "exclude", "config", "docker"]

    /// Reads and checks `path`.
    public init(contentsOf path: String) throws(BuildError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuildError(.invalidBentofile, "cannot read \(path); run `bento build` in the folder holding bentofile.yaml or pass -f FILE")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        try self.init(yaml: String(decoding: data, as: UTF8.self), source: path, directory: folder)
    }

    /// Parses bentofile text; `source` names it in errors, `directory` anchors relative paths.
    public init(yaml text: String, source: String, directory: String) throws(BuildError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw BuildError(.invalidBentofile, "\(source) is not valid YAML: \(error)")
        }
        guard let node, case .mapping(let top) = node else {
            throw BuildError(.invalidBentofile, "\(source) must be a YAML mapping with at least `name`")
        }
        let reader = NodeReader(source: source)
        let fields = try reader.mapping(top, path: "", allowed: Self.topKeys)
        self.directory = directory
        guard let nameNode = fields["name"] else {
            throw BuildError(.invalidBentofile, "\(source) has no `name`; give the bento a name such as `name: iris-classifier`")
        }
        name = try reader.string(nameNode, path: "name")
        do {
            try Tag.validate(name, part: "name")
        } catch {
            throw BuildError(.invalidBentofile, "\(source): \(error.message)")
        }
        if let n = fields["description"] { description = try reader.string(n, path: "description") }
        if let n = fields["labels"] { labels = try reader.stringMap(n, path: "labels") }
        if let n = fields["models"] { models = try reader.stringList(n, path: "models") }
        if let n = fields["include"] { include = try reader.stringList(n, path: "include") }
        if let n = fields["exclude"] { exclude = try reader.stringList(n, path: "exclude") }
        if let n = fields["service"] {
            guard case .mapping(let m) = n else {
                throw BuildError(.invalidBentofile, "\(source): `service` must be a mapping with `package` and `product`")
            }
            let s = try reader.mapping(m, path: "service", allowed: ["package", "product"])
            guard let product = s["product"] else {
                throw BuildError(.invalidBentofile, "\(source): `service` needs `product`, the executable product to build")
            }
            let package = try s["package"].map { node throws(BuildError) in try reader.string(node, path: "service.package") } ?? "."
            let absolute = package.hasPrefix("/") ? package : directory + "/" + package
            service = SwiftService(
                package: URL(fileURLWithPath: absolute).standardizedFileURL.path,
                product: try reader.string(product, path: "service.product"))
        }
        if let n = fields["config"] {
            switch n {
            case .scalar:
                let file = try reader.string(n, path: "config")
                let absolute = file.hasPrefix("/") ? file : directory + "/" + file
                guard let data = FileManager.default.contents(atPath: absolute) else {
                    throw BuildError(.invalidBentofile, "\(source): the config file '\(file)' (\(absolute)) cannot be read")
                }
                config = String(decoding: data, as: UTF8.self)
            case .mapping:
                do {
                    config = try Yams.serialize(node: n)
                } catch {
                    throw BuildError(.invalidBentofile, "\(source): cannot re-encode `config`: \(error)")
                }
            default:
                throw BuildError(.invalidBentofile, "\(source): `config` must be a mapping or the name of a YAML file")
            }
        }
        if let n = fields["docker"] {
            guard case .mapping(let m) = n else { throw BuildError(.invalidBentofile, "\(source): `docker` must be a mapping") }
            let d = try reader.mapping(m, path: "docker", allowed: ["base_image", "system_packages", "env"])
            if let b = d["base_image"] { docker.baseImage = try reader.string(b, path: "docker.base_image") }
            if let p = d["system_packages"] { docker.systemPackages = try reader.stringList(p, path: "docker.system_packages") }
            if let e = d["env"] { docker.env = try reader.stringMap(e, path: "docker.env") }
        }
        if service == nil, models.isEmpty {
            throw BuildError(
                .invalidBentofile,
                "\(source) has neither `service` nor `models`; list the models to serve (zero-code) or name a SwiftPM `service`")
        }
    }
}

/// Reads YAML nodes with errors that name the key path.
struct NodeReader {
    var source: String

    func mapping(_ mapping: Node.Mapping, path: String, allowed: [String]) throws(BuildError) -> [String: Node] {
        var out: [String: Node] = [:]
        var unknown: [String] = []
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            if allowed.contains(name) { out[name] = value } else { unknown.append(path.isEmpty ? name : path + "." + name) }
        }
        guard unknown.isEmpty else {
            let plural = unknown.count == 1 ? "key" : "keys"
            throw BuildError(
                .invalidBentofile,
                "\(source) has unknown \(plural) \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                    + "known keys\(path.isEmpty ? "" : " under '\(path)'") are \(allowed.joined(separator: ", "))")
        }
        return out
    }

    func string(_ node: Node, path: String) throws(BuildError) -> String {
        guard case .scalar(let scalar) = node else {
            throw BuildError(.invalidBentofile, "\(source): '\(path)' must be a single value")
        }
        return scalar.string
    }

    func stringList(_ node: Node, path: String) throws(BuildError) -> [String] {
        guard case .sequence(let items) = node else {
            throw BuildError(.invalidBentofile, "\(source): '\(path)' must be a list")
        }
        var out: [String] = []
        for (i, item) in items.enumerated() { out.append(try string(item, path: "\(path)[\(i)]")) }
        return out
    }

    func stringMap(_ node: Node, path: String) throws(BuildError) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            throw BuildError(.invalidBentofile, "\(source): '\(path)' must be a mapping of names to values")
        }
        var out: [String: String] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            out[name] = try string(value, path: path + "." + name)
        }
        return out
    }
}
