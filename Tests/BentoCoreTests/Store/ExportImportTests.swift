import BentoTesting
import Foundation
import Testing

@testable import BentoCore

@Suite struct ExportImportTests {
    typealias S = StoreTestSupport

    @Test func exportThenImportKeepsTagAndFiles() async throws {
        try await S.withStore { store, dir in
            let folder = dir.appendingPathComponent("m")
            try S.writeFile(folder.appendingPathComponent("model.onnx"), bytes: 300_000)
            try S.writeFile(folder.appendingPathComponent("extra/" + String(repeating: "n", count: 120)), bytes: 7)
            var info = S.record("iris", labels: ["stage": "prod"])
            info.metadata = ["nested": .dictionary(["k": .array([.int(1), .string("two")])])]
            let saved = try store.save(from: folder.path, as: info)
            let archive = try store.export(saved.tag, to: dir.path)
            #expect(archive == dir.path + "/iris-\(saved.info.version).tar")
            let other = ModelStore(home: dir.appendingPathComponent("other").path)
            let imported = try other.importArchive(at: archive)
            #expect(imported.info == saved.info)
            #expect(try other.verify(saved.tag).info.files == saved.info.files)
            let again = try #require(throws: StoreError.self) { try other.importArchive(at: archive) }
            #expect(again.code == .alreadyExists)
            #expect(try ModelStore.classify(archive) == .archive)
        }
    }

    @Test func importRejectsAnArchiveWhoseFilesDoNotMatchTheirHashes() async throws {
        try await S.withStore { store, dir in
            let info = S.record("iris")
            var yaml = info
            yaml.files = [ModelInfo.File(path: "model.onnx", size: 5, sha256: String(repeating: "0", count: 64))]
            var tar = RawTar()
            tar.add("model.yaml", text: try yaml.yaml())
            tar.add("model.onnx", text: "12345")
            let archive = dir.appendingPathComponent("bad.tar")
            try tar.write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .corrupted && error.message.contains("'model.onnx'"))
            #expect(store.list().isEmpty && FileSystem.list(store.tempRoot).isEmpty)
        }
    }

    @Test func zipSlipArchiveWritesNothingOutsideTheStore() async throws {
        try await S.withStore { store, dir in
            var tar = RawTar()
            tar.add("model.yaml", text: "name: x")
            tar.add("../../../escaped.txt", text: "pwned")
            let archive = dir.appendingPathComponent("slip.tar")
            try tar.write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .unsafeArchive && error.message.contains("'../../../escaped.txt'"))
            let found = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
            #expect(!found.contains { $0.hasSuffix("escaped.txt") })
            #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped.txt"))
            #expect(store.list().isEmpty && FileSystem.list(store.tempRoot).isEmpty)
        }
    }

    @Test func symlinkEscapeIsRejected() async throws {
        try await S.withStore { store, dir in
            let outside = dir.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            var tar = RawTar()
            tar.add("model.yaml", text: "name: x")
            tar.add("link", type: "2", link: outside.path)
            tar.add("link/owned.txt", text: "pwned")
            let archive = dir.appendingPathComponent("link.tar")
            try tar.write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .unsafeArchive && error.message.contains("'link' is a symbolic link"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        }
    }

    @Test func oversizeArchiveIsRejected() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let store = ModelStore(home: dir.appendingPathComponent("home").path, maxImportSize: 1000)
            var tar = RawTar()
            tar.add("model.yaml", text: "name: x")
            tar.add("weights.bin", contents: [UInt8](repeating: 0, count: 2000))
            let archive = dir.appendingPathComponent("big.tar")
            try tar.write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .archiveTooLarge && error.message.contains("'weights.bin'"))
        }
    }

    @Test func archiveWithoutModelYAMLIsRefused() async throws {
        try await S.withStore { store, dir in
            var tar = RawTar()
            tar.add("weights.bin", text: "abc")
            let archive = dir.appendingPathComponent("plain.tar")
            try tar.write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .invalidModel && error.message.contains("no model.yaml"))
        }
    }
}
