import Foundation

@testable import BentoCore

/// Builds tar archives byte by byte, including ones no honest writer would make.
struct RawTar {
    private(set) var bytes: [UInt8] = []

    mutating func add(_ name: String, type: Character = "0", contents: [UInt8] = [], link: String = "") {
        let header = TarHeader(
            typeFlag: type.asciiValue!, name: name, size: Int64(contents.count), linkName: link)
        bytes += header.encoded()
        bytes += contents
        let pad = (512 - contents.count % 512) % 512
        bytes += [UInt8](repeating: 0, count: pad)
    }

    mutating func add(_ name: String, text: String) { add(name, contents: Array(text.utf8)) }

    func write(to url: URL, terminated: Bool = true) throws {
        try Data(bytes + (terminated ? [UInt8](repeating: 0, count: 1024) : [])).write(to: url)
    }
}
