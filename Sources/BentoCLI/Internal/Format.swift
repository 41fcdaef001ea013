import Foundation
import BentoCore

/// Human formatting for tables.
enum Format {
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit > 0 else { return "\(count) B" }
        // Below 2^49 bytes, value * 10 is exact, so rounding it to even is what "%.1f" does.
        guard count < 1 << 49 else { return String(format: "%.1f %@", value, units[unit]) }
        let tenths = Int64((value * 10).rounded(.toNearestOrEven))
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// `yyyy-MM-dd HH:mm:ss` in UTC.
    static func date(_ date: Date) -> String {
        if let text = UTCTime.format(date) { return text }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// Left-aligned columns separated by two spaces, widths counted in characters.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let counts = all.map { row in row.map(\.count) }
        let widths = header.indices.map { column in counts.map { $0[column] }.max() ?? 0 }
        var out = ""
        for (line, row) in all.enumerated() {
            if line > 0 { out += "\n" }
            for (index, cell) in row.enumerated() {
                out += cell
                if index < row.count - 1 {
                    out += String(repeating: " ", count: widths[index] - counts[line][index] + 2)
                }
            }
        }
        return out
    }

    /// `k=v` pairs from repeated options.
    static func pairs(_ items: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw CLIError(message: "\(option) '\(item)' is not key=value; write it as \(option) owner=ml-team")
            }
            result[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return result
    }
}
