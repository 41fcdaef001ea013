import BentoCore
import Foundation

/// One uncompressed layer of an OCI image, written reproducibly: members sorted by path, every
/// parent folder before its contents, owner 0:0 and modification time 0, so the same inputs
/// always give the same bytes and digest.
struct ImageLayer {
    enum Content {
        case file(String)
        case bytes([UInt8])
        case directory
    }

    struct Member {
        var path: String
        var content: Content
        var mode: Int
    }

    /// A short description for the image history.
    var comment: String
    var members: [Member] = []

    mutating func addFile(_ imagePath: String, from source: String, mode: Int) {
        members.append(Member(path: imagePath, content: .file(source), mode: mode))
    }

    mutating func addBytes(_ imagePath: String, _ text: String, mode: Int = 0o644) {
        members.append(Member(path: imagePath, content: .bytes(Array(text.utf8)), mode: mode))
    }

    mutating func addDirectory(_ imagePath: String, mode: Int = 0o755) {
        members.append(Member(path: imagePath, content: .directory, mode: mode))
    }

    /// Writes the layer tar to `path`; returns its sha256 (hex) and size.
    func write(to path: String) throws -> (digest: String, size: Int64) {
        let writer = try TarWriter(creating: path, mtime: 0)
        var written: Set<String> = []
        let sorted = members.map { m -> Member in
            var m = m
            m.path = String(m.path.drop { $0 == "/" })
            return m
        }.sorted { $0.path < $1.path }
        for member in sorted {
            let parts = member.path.split(separator: "/")
            for i in 1..<max(parts.count, 1) {
                let parent = parts[0..<i].joined(separator: "/")
                if written.insert(parent).inserted { try writer.addDirectory(named: parent) }
            }
            guard written.insert(member.path).inserted else {
                throw BuildError(.invalidBento, "the image would hold /\(member.path) twice")
            }
            switch member.content {
            case .directory: try writer.addDirectory(named: member.path, mode: member.mode)
            case .bytes(let bytes): try writer.addFile(named: member.path, contents: bytes, mode: member.mode)
            case .file(let source): try writer.addFile(named: member.path, from: source, mode: member.mode)
            }
        }
        try writer.finish()
        let (digest, size) = try HashingCopy.hash(path)
        return (digest, size)
    }
}
