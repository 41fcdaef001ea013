import BentoTesting
import Foundation
import Testing

@testable import BentoCore

@Suite struct TarTests {
    func extract(_ tar: RawTar, in dir: URL, limit: Int64 = 1 << 30) throws -> [TarExtractor.Extracted] {
        let archive = dir.appendingPathComponent("a.tar")
        try tar.write(to: archive)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return try TarExtractor.extract(archiveAt: archive.path, into: out.path, limits: .init(maxTotalSize: limit))
    }

    @Test func roundTripsLongNamesThroughPAX() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let longName = String(repeating: "d/", count: 70) + "weights.bin"
            let source = dir.appendingPathComponent("src.bin")
            let payload = (0..<200_000).map { UInt8($0 % 251) }
            try Data(payload).write(to: source)
            let archive = dir.appendingPathComponent("x.tar").path
            let writer = try TarWriter(creating: archive)
            try writer.addFile(named: longName, from: source.path)
            try writer.finish()
            // The system tar reads what we wrote, long name included.
            let listing = try Fixtures.run("/usr/bin/env tar", ["-tf", archive])
            #expect(listing.stdout.trimmingCharacters(in: .newlines) == longName)
            let out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let files = try TarExtractor.extract(archiveAt: archive, into: out.path, limits: .init(maxTotalSize: 1 << 20))
            #expect(files.map(\.path) == [longName])
            #expect(try Data(contentsOf: out.appendingPathComponent(longName)) == Data(payload))
            #expect(files[0].sha256 == (try HashingCopy.hash(source.path)).sha256)
        }
    }

    @Test func readsArchivesMadeBySystemTar() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let folder = dir.appendingPathComponent("m")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("a".utf8).write(to: folder.appendingPathComponent("sub/a.txt"))
            try Data(count: 1025).write(to: folder.appendingPathComponent("b.bin"))
            let archive = dir.appendingPathComponent("m.tar").path
            let made = try Fixtures.run("/usr/bin/env tar", ["-cf", archive, "-C", folder.path, "."])
            #expect(made.status == 0)
            let out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let files = try TarExtractor.extract(archiveAt: archive, into: out.path, limits: .init(maxTotalSize: 1 << 20))
            #expect(Set(files.map(\.path)) == ["sub/a.txt", "b.bin"])
            #expect(files.first { $0.path == "b.bin" }?.size == 1025)
        }
    }

    @Test(arguments: [
        ("../evil.txt", "climbs out"), ("a/../../evil.txt", "climbs out"), ("/etc/evil.txt", "absolute path"),
    ])
    func rejectsEscapingPaths(member: String, reason: String) async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            var tar = RawTar()
            tar.add("model.yaml", text: "x")
            tar.add(member, text: "pwned")
            let error = try #require(throws: StoreError.self) { try extract(tar, in: dir) }
            #expect(error.code == .unsafeArchive)
            #expect(error.message.contains("'\(member)'") && error.message.contains(reason))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("evil.txt").path))
            #expect(!FileManager.default.fileExists(atPath: "/etc/evil.txt"))
        }
    }

    @Test(arguments: [
        (Character("2"), "symbolic link"), (Character("1"), "hard link"), (Character("3"), "character device"),
        (Character("4"), "block device"), (Character("6"), "FIFO"),
    ])
    func rejectsLinksAndSpecialFiles(type: Character, label: String) async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            var tar = RawTar()
            tar.add("escape", type: type, link: "/etc/passwd")
            tar.add("escape/passwd", text: "overwrite")
            let error = try #require(throws: StoreError.self) { try extract(tar, in: dir) }
            #expect(error.code == .unsafeArchive)
            #expect(error.message.contains("'escape' is a \(label)"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).isEmpty)
        }
    }

    @Test func rejectsArchivesOverTheSizeLimit() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            var tar = RawTar()
            tar.add("small.bin", contents: [UInt8](repeating: 1, count: 600))
            tar.add("big.bin", contents: [UInt8](repeating: 2, count: 600))
            let error = try #require(throws: StoreError.self) { try extract(tar, in: dir, limit: 1000) }
            #expect(error.code == .archiveTooLarge)
            #expect(error.message.contains("'big.bin'"))
        }
    }

    @Test func rejectsTruncatedAndNonTarInput() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            var tar = RawTar()
            tar.add("model.onnx", contents: [UInt8](repeating: 7, count: 5000))
            let cut = dir.appendingPathComponent("cut.tar")
            try Data(tar.bytes.prefix(3000)).write(to: cut)
            let out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let truncated = try #require(throws: StoreError.self) {
                try TarExtractor.extract(archiveAt: cut.path, into: out.path, limits: .init(maxTotalSize: 1 << 20))
            }
            #expect(truncated.code == .invalidArchive && truncated.message.contains("'model.onnx'"))
            let junk = dir.appendingPathComponent("junk.tar")
            try Data((0..<1024).map { UInt8($0 % 200 + 1) }).write(to: junk)
            let notTar = try #require(throws: StoreError.self) {
                try TarExtractor.extract(archiveAt: junk.path, into: out.path, limits: .init(maxTotalSize: 1 << 20))
            }
            #expect(notTar.code == .invalidArchive && notTar.message.contains("checksum"))
        }
    }

    @Test func paxRecordLengthCountsItsOwnDigits() {
        for value in ["a", String(repeating: "x", count: 90), String(repeating: "y", count: 995)] {
            let record = TarWriter.paxRecord("path", value)
            let length = Int(record.prefix { $0 != " " })!
            #expect(length == record.utf8.count)
            #expect(TarReader.parsePAX(Array(record.utf8)).first?.1 == value)
        }
    }
}
