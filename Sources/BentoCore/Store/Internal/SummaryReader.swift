/// A reader for the ``ModelSummary`` fields of a `model.yaml` in the exact shape that
/// ``ModelInfo/yaml()`` (Yams, block style, two-space indent) writes: top-level `key: scalar`
/// lines, `labels` as a block mapping of scalars, `files` as a block sequence of
/// `path`/`size`/`sha256` mappings, and the other sections skipped by indentation.
///
/// It is strict rather than complete: on anything outside that shape (comments, tabs, non-ASCII,
/// double-quoted or multi-line scalars, flow collections, anchors, unknown or repeated keys, a
/// date it does not recognize) it returns `nil`, and the caller decodes the text with Yams, which
/// also produces the error messages. So it only has to agree with Yams on what it accepts.
enum SummaryReader {
    static func read(_ bytes: [UInt8]) -> ModelSummary? {
        bytes.withUnsafeBufferPointer { read(text: $0) }
    }

    private enum Section { case scalars, labels, files, skipped }

    private static func read(text: UnsafeBufferPointer<UInt8>) -> ModelSummary? {
        var name: String?
        var version: String?
        var framework: String?
        var creation: String?
        var labels: [String: String]?
        var files: [ModelInfo.File]?
        var file = PartialFile()
        var seen: Set<String> = []
        var section = Section.scalars

        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, text[end] != ascii("\n") { end += 1 }
            let line = UnsafeBufferPointer(rebasing: text[start..<end])
            start = end + 1
            // Only printable ASCII: no tabs, carriage returns, or Unicode line breaks to reason about.
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
            guard line.contains(where: { $0 != ascii(" ") }) else { continue }

            if line[0] == ascii(" ") || line[0] == ascii("-") {
                switch section {
                case .scalars: return nil
                case .skipped:
                    guard line[0] == ascii(" "), quotesCloseOnLine(line) else { return nil }
                case .labels:
                    guard line.count > 2, line.starts(with: [ascii(" "), ascii(" ")]), line[2] != ascii(" "),
                        let (key, value) = pair(UnsafeBufferPointer(rebasing: line[2...])),
                        case .scalar(let value) = value, labels?.updateValue(value, forKey: key) == nil
                    else { return nil }
                case .files:
                    guard line.count > 2, line[2] != ascii(" ") else { return nil }
                    if line.starts(with: [ascii("-"), ascii(" ")]) {
                        if !file.isEmpty {
                            guard let done = file.file else { return nil }
                            files!.append(done)
                        }
                        file = PartialFile()
                    } else {
                        guard line.starts(with: [ascii(" "), ascii(" ")]), !file.isEmpty else { return nil }
                    }
                    guard let (key, value) = pair(UnsafeBufferPointer(rebasing: line[2...])),
                        case .scalar(let value) = value, file.set(key, value)
                    else { return nil }
                }
                continue
            }

            // A top-level `key:` or `key: value`; a new key ends the section before it.
            if section == .files, !file.isEmpty {
                guard let done = file.file else { return nil }
                files!.append(done)
                file = PartialFile()
            }
            guard let (key, value) = pair(line), seen.insert(key).inserted else { return nil }
            switch key {
            case "name", "version", "framework", "creation_time":
                guard case .scalar(let value) = value else { return nil }
                switch key {
                case "name": name = value
                case "version": version = value
                case "framework": framework = value
                default: creation = value
                }
                section = .scalars
            case "labels":
                guard value == .nothing || value == .emptyMapping else { return nil }
                labels = [:]
                section = value == .nothing ? .labels : .scalars
            case "files":
                guard value == .nothing || value == .emptySequence else { return nil }
                files = []
                section = value == .nothing ? .files : .scalars
            case "metadata", "signatures", "options", "context":
                guard value == .nothing || value == .emptyMapping else { return nil }
                section = value == .nothing ? .skipped : .scalars
            default:
                return nil
            }
        }
        if section == .files, !file.isEmpty {
            guard let done = file.file else { return nil }
            files!.append(done)
        }

        guard let name, let version, let framework, let creation,
            (try? Tag.validate(name, part: "name")) != nil, (try? Tag.validate(version, part: "version")) != nil,
            let created = UTCTime.parseMilliseconds(creation).map(UTCTime.date(milliseconds:))
                ?? ModelInfo.parseDateText(creation).map(ModelInfo.milliseconds)
        else { return nil }
        return ModelSummary(
            name: name, version: version, framework: framework, labels: labels ?? [:], creationTime: created,
            files: files ?? [])
    }

    /// One `files` item being read.
    private struct PartialFile {
        var path: String?
        var size: Int64?
        var sha256: String?

        var isEmpty: Bool { path == nil && size == nil && sha256 == nil }
        var file: ModelInfo.File? {
            guard let path, let size, let sha256 else { return nil }
            return ModelInfo.File(path: path, size: size, sha256: sha256)
        }

        /// Sets a field once; `false` for an unknown or repeated key or a size that is not a plain decimal.
        mutating func set(_ key: String, _ value: String) -> Bool {
            switch key {
            case "path" where path == nil: path = value
            case "sha256" where sha256 == nil: sha256 = value
            case "size" where size == nil:
                let digits = value.utf8
                guard digits.allSatisfy({ $0 >= ascii("0") && $0 <= ascii("9") }), digits.first != ascii("0") || digits.count == 1,
                    let number = Int64(value)
                else { return false }
                size = number
            default: return false
            }
            return true
        }
    }

    /// What follows a key's colon on its line.
    private enum Value: Equatable {
        /// Nothing: a block collection (or a null) follows.
        case nothing
        /// `{}`.
        case emptyMapping
        /// `[]`.
        case emptySequence
        case scalar(String)
    }

    /// `key: value` or `key:`, the key a plain or single-quoted scalar.
    private static func pair(_ line: UnsafeBufferPointer<UInt8>) -> (String, Value)? {
        var colon = 0
        if line.first == ascii("'") {
            guard let close = closingQuote(line, from: 0) else { return nil }
            colon = close + 1
        } else {
            while colon < line.count, !(line[colon] == ascii(":") && (colon + 1 == line.count || line[colon + 1] == ascii(" "))) {
                colon += 1
            }
        }
        guard colon < line.count, line[colon] == ascii(":"),
            let key = scalar(UnsafeBufferPointer(rebasing: line[..<colon]), isKey: true)
        else { return nil }
        var valueStart = colon + 1
        while valueStart < line.count, line[valueStart] == ascii(" ") { valueStart += 1 }
        if valueStart == line.count { return (key, .nothing) }
        let rest = UnsafeBufferPointer(rebasing: line[valueStart...])
        if rest.elementsEqual("{}".utf8) { return (key, .emptyMapping) }
        if rest.elementsEqual("[]".utf8) { return (key, .emptySequence) }
        guard let value = scalar(rest) else { return nil }
        return (key, .scalar(value))
    }

    /// A single-quoted scalar (`''` is a quote) filling all of `text`, or a plain one that YAML reads
    /// as the same string: no indicator first (`-`, `?`, `:` only before a non-space), no `: ` or
    /// ` #`, and as a value not a null (Yams reads a null key as its text, which is what Yams writes).
    private static func scalar(_ text: UnsafeBufferPointer<UInt8>, isKey: Bool = false) -> String? {
        var end = text.count
        while end > 0, text[end - 1] == ascii(" ") { end -= 1 }
        guard end > 0 else { return nil }
        let text = UnsafeBufferPointer(rebasing: text[..<end])
        if text[0] == ascii("'") {
            guard closingQuote(text, from: 0) == text.count - 1 else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(text.count - 2)
            var i = 1
            while i < text.count - 1 {
                result.append(text[i])
                i += text[i] == ascii("'") ? 2 : 1
            }
            return String(decoding: result, as: UTF8.self)
        }
        let first = text[0]
        if "-?:".utf8.contains(first) {
            guard text.count > 1, text[1] != ascii(" ") else { return nil }
        } else if ",[]{}#&*!|>'\"%@`<=".utf8.contains(first) {
            return nil
        }
        guard text.last != ascii(":") else { return nil }
        for i in 1..<max(1, text.count) {
            if text[i] == ascii("#"), text[i - 1] == ascii(" ") { return nil }
            if text[i - 1] == ascii(":"), text[i] == ascii(" ") { return nil }
        }
        let value = String(decoding: text, as: UTF8.self)
        guard isKey || !["~", "null", "Null", "NULL"].contains(value) else { return nil }
        return value
    }

    /// The index of the quote closing the single-quoted scalar opened at `open`, skipping `''`.
    private static func closingQuote(_ text: UnsafeBufferPointer<UInt8>, from open: Int) -> Int? {
        var i = open + 1
        while i < text.count {
            if text[i] == ascii("'") {
                if i + 1 < text.count, text[i + 1] == ascii("'") { i += 2; continue }
                return i
            }
            i += 1
        }
        return nil
    }

    /// Whether a skipped line (`key: value`, `- value`, `- key: value`, a bare value) leaves no
    /// quoted scalar or flow collection open, so the next line cannot be its continuation. Quotes
    /// inside a plain scalar (`it's`) do not open anything.
    private static func quotesCloseOnLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        func skipSpaces() { while p < line.count, line[p] == ascii(" ") { p += 1 } }
        skipSpaces()
        while p < line.count {
            if line[p] == ascii("-"), p + 1 == line.count || line[p + 1] == ascii(" ") {
                p += 1
                skipSpaces()
                continue
            }
            switch line[p] {
            case ascii("'"):
                guard let close = closingQuote(line, from: p) else { return false }
                p = close + 1
            case ascii("\""):
                p += 1
                while p < line.count, line[p] != ascii("\"") { p += line[p] == ascii("\\") ? 2 : 1 }
                guard p < line.count else { return false }
                p += 1
            case ascii("{"), ascii("["):
                let rest = UnsafeBufferPointer(rebasing: line[p...])
                return rest.elementsEqual("{}".utf8) || rest.elementsEqual("[]".utf8)
            default:
                // A plain key or value: it runs to `: ` (then a value follows) or to the end.
                while p < line.count, !(line[p] == ascii(":") && (p + 1 == line.count || line[p + 1] == ascii(" "))) {
                    p += 1
                }
                if p == line.count { return true }
                p += 1
                skipSpaces()
                continue
            }
            // After a quoted scalar: the end, or `: ` and a value.
            skipSpaces()
            guard p < line.count else { return true }
            guard line[p] == ascii(":") else { return false }
            p += 1
            skipSpaces()
        }
        return true
    }
}

@inline(__always)
private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }
