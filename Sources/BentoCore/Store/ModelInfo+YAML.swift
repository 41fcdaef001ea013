public import Foundation
import Yams

extension ModelInfo {
    /// The `model.yaml` text of this record.
    public func yaml() throws(StoreError) -> String {
        do {
            return try YAMLEncoder().encode(self)
        } catch {
            throw StoreError(.invalidModel, "cannot write model.yaml for \(tag): \(error)", cause: error)
        }
    }

    /// Reads a `model.yaml`; `source` names the file in the error.
    public init(yaml text: String, source: String) throws(StoreError) {
        do {
            self = try YAMLDecoder().decode(ModelInfo.self, from: text)
        } catch {
            throw StoreError(.invalidModel, "\(source) is not a valid model.yaml (\(Self.describe(error)))", cause: error)
        }
        try Tag.validate(name, part: "name", in: "\(name):\(version)")
        try Tag.validate(version, part: "version", in: "\(name):\(version)")
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            "bad '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default: "\(error)"
        }
    }

    static func formatDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Accepts RFC 3339 with or without fractional seconds, and Python's `isoformat()` (microseconds).
    static func parseDate<C: KeyedDecodingContainerProtocol>(_ text: String, in container: C) throws -> Date {
        guard let date = parseDateText(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: C.Key(stringValue: "creation_time")!, in: container, debugDescription: "not a date: \(text)")
        }
        return date
    }

    static func parseDateText(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        // Python writes six fractional digits, and may omit the zone (then it is UTC).
        var trimmed = text.replacingOccurrences(of: " ", with: "T")
        if let dot = trimmed.firstIndex(of: ".") {
            let end = trimmed[dot...].firstIndex { $0 == "+" || $0 == "-" || $0 == "Z" } ?? trimmed.endIndex
            trimmed.replaceSubrange(dot..<end, with: "")
        }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: trimmed) ?? formatter.date(from: trimmed + "Z")
    }
}
