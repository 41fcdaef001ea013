import Foundation
import Yams

/// Prints values as JSON or YAML for scripts.
enum Output {
    static func render<T: Encodable>(_ value: T, as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        case .yaml, .table:
            return try YAMLEncoder().encode(value).trimmingCharacters(in: .newlines)
        }
    }
}
