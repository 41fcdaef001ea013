/// A parser for `multipart/form-data` bodies (RFC 7578).
enum MultipartParser {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        guard var cursor = find(delimiter, in: body, from: 0) else {
            throw ServiceError(.badInput, "multipart body does not contain its boundary '\(boundary)'")
        }
        var parts: [Part] = []
        let crlfDelimiter = [13, 10] + delimiter
        while true {
            cursor += delimiter.count
            if body.count >= cursor + 2, body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") {
                return parts  // closing delimiter
            }
            // Skip transport padding and the CRLF after the delimiter.
            while cursor < body.count, body[cursor] == UInt8(ascii: " ") || body[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            guard cursor + 1 < body.count, body[cursor] == 13, body[cursor + 1] == 10 else {
                throw ServiceError(.badInput, "multipart body is malformed after a boundary")
            }
            cursor += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: cursor) else {
                throw ServiceError(.badInput, "multipart part has no end of headers")
            }
            let headerText = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find(crlfDelimiter, in: body, from: contentStart) else {
                throw ServiceError(.badInput, "multipart body ends without its closing boundary")
            }
            var headers: [(name: String, value: String)] = []
            for line in headerText.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((String(line[..<colon]).trimmingWhitespace(), String(line[line.index(after: colon)...]).trimmingWhitespace()))
            }
            let disposition = headers.first { $0.name.caseInsensitiveEquals("Content-Disposition") }?.value ?? ""
            let parameters = MediaType.parameters(disposition)
            guard let name = parameters["name"] else {
                throw ServiceError(.badInput, "multipart part has no name in its Content-Disposition")
            }
            parts.append(
                Part(
                    name: name,
                    filename: parameters["filename"],
                    contentType: headers.first { $0.name.caseInsensitiveEquals("Content-Type") }?.value,
                    headers: headers,
                    body: Array(body[contentStart..<next])
                )
            )
            cursor = next + 2
        }
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
