import Foundation
import Yams

/// Configuration as a flat map of dotted keys (`api_server.http.port`) to text values, read from
/// a YAML file and from `BENTO_CONFIG_OPTIONS`, which wins.
///
/// Each settings struct reads the keys it knows and marks them used; whatever nobody used is
/// reported by ``checkAllUsed()``, so a misspelt key is an error rather than silently ignored.
///
/// ```swift
/// var source = try ConfigurationSource(file: "bento.yaml", environment: ProcessInfo.processInfo.environment)
/// let port = try source.int("api_server.http.port") ?? 3000
/// try source.checkAllUsed()
/// ```
public struct ConfigurationSource: Sendable {
    /// Every key and its value.
    public private(set) var values: [String: String]
    private var used: Set<String> = []

    /// A source from a flat map (tests, code).
    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Reads `file` (YAML) when given, then applies `BENTO_CONFIG_OPTIONS` from `environment`;
    /// `BENTO_CONFIG` names the file when `file` is nil.
    public init(file: String? = nil, environment: [String: String] = [:]) throws(ConfigurationError) {
        var values: [String: String] = [:]
        if let path = file ?? environment["BENTO_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("cannot read configuration file \(path)")
            }
            values = try Self.flatten(yaml: String(decoding: data, as: UTF8.self), origin: path)
        }
        if let options = environment["BENTO_CONFIG_OPTIONS"] {
            for (key, value) in try Self.parseOptions(options) { values[key] = value }
        }
        self.values = values
    }

    /// Flattens a YAML mapping into dotted keys. Lists become comma-separated text.
    public static func flatten(yaml text: String, origin: String = "configuration") throws(ConfigurationError) -> [String: String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError("\(origin) is not valid YAML: \(error)")
        }
        guard let node else { return [:] }
        guard case .mapping = node else { throw ConfigurationError("\(origin) must be a YAML mapping of keys") }
        var out: [String: String] = [:]
        func walk(_ node: Node, _ prefix: String) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.string ?? "\(key)"
                    walk(value, prefix.isEmpty ? name : "\(prefix).\(name)")
                }
            case .sequence(let sequence):
                out[prefix] = sequence.map { $0.string ?? "" }.joined(separator: ",")
            case .scalar(let scalar):
                out[prefix] = scalar.string
            case .alias:
                out[prefix] = ""
            }
        }
        walk(node, "")
        return out
    }

    /// Parses `key=value key2="value with spaces"` pairs, separated by spaces or newlines.
    public static func parseOptions(_ text: String) throws(ConfigurationError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var current = ""
        var quote: Character?
        var tokens: [String] = []
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == " " || c == "\n" || c == "\t" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        guard quote == nil else { throw ConfigurationError("BENTO_CONFIG_OPTIONS has an unterminated quote") }
        if !current.isEmpty { tokens.append(current) }
        for token in tokens {
            guard let eq = token.firstIndex(of: "="), eq != token.startIndex else {
                throw ConfigurationError("BENTO_CONFIG_OPTIONS entry '\(token)' is not key=value")
            }
            pairs.append((String(token[..<eq]), String(token[token.index(after: eq)...])))
        }
        return pairs
    }

    /// Sets or replaces one key (CLI flags use this).
    public mutating func set(_ key: String, _ value: String) { values[key] = value }

    /// The text of `key`, marking it used.
    public mutating func string(_ key: String) -> String? {
        guard let value = values[key] else { return nil }
        used.insert(key)
        return value
    }

    /// The integer at `key`, at least `minimum`.
    public mutating func int(_ key: String, minimum: Int = Int.min) throws(ConfigurationError) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= minimum else {
            throw ConfigurationError("\(key) must be an integer\(minimum > Int.min ? " of at least \(minimum)" : ""), got '\(text)'", keys: [key])
        }
        return value
    }

    /// The number at `key`, at least `minimum`.
    public mutating func double(_ key: String, minimum: Double = -.infinity) throws(ConfigurationError) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value >= minimum else {
            throw ConfigurationError("\(key) must be a number of at least \(minimum), got '\(text)'", keys: [key])
        }
        return value
    }

    /// The boolean at `key` (`true/false`, `yes/no`, `on/off`, `1/0`).
    public mutating func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigurationError("\(key) must be true or false, got '\(text)'", keys: [key])
        }
    }

    /// A comma-separated list at `key`.
    public mutating func list(_ key: String) -> [String]? {
        string(key).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// The keys under `prefix.` (without the prefix), for sections keyed by name such as `runners.<name>`.
    public func keys(under prefix: String) -> [String] {
        values.keys.filter { $0.hasPrefix(prefix + ".") }.map { String($0.dropFirst(prefix.count + 1)) }.sorted()
    }

    /// Marks every key under `prefix.` used (a section that validated them itself).
    public mutating func markUsed(under prefix: String) {
        for key in values.keys where key.hasPrefix(prefix + ".") { used.insert(key) }
    }

    /// Throws naming every key that no settings struct read.
    public func checkAllUsed() throws(ConfigurationError) {
        let unknown = values.keys.filter { !used.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ConfigurationError(
                "unknown configuration key\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", "))",
                keys: unknown
            )
        }
    }
}
