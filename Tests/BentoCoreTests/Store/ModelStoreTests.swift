import BentoTesting
import Foundation
import Testing

@testable import BentoCore

@Suite struct ModelStoreTests {
    typealias S = StoreTestSupport

    @Test func savesAFileWithHashesAndGetsItBack() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("model.onnx"), bytes: 150_000)
            var info = S.record("iris", labels: ["stage": "dev"])
            info.metadata = ["accuracy": .double(0.97)]
            info.signatures = ["run": ModelSignature(
                inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1, 4])],
                outputs: [TensorSpec(name: "y", dtype: .int64, shape: [-1])], batchable: true)]
            let saved = try store.save(from: file.path, as: info)
            #expect(saved.info.files.map(\.path) == ["model.onnx"])
            #expect(saved.info.files[0].size == 150_000)
            #expect(saved.info.files[0].sha256 == (try HashingCopy.hash(file.path)).sha256)
            let got = try store.get("iris")
            #expect(got == saved)
            #expect(try store.get("iris:latest") == saved)
            #expect(try store.get("iris:\(info.version)").info.signatures["run"]?.batchable == true)
            #expect(got.info.metadata["accuracy"] == .double(0.97))
            #expect(store.leftovers().isEmpty && FileSystem.list(store.tempRoot).isEmpty)
        }
    }

    @Test func savesAFolderKeepingItsLayout() async throws {
        try await S.withStore { store, dir in
            let folder = dir.appendingPathComponent("m")
            try S.writeFile(folder.appendingPathComponent("a.bin"), bytes: 10)
            try S.writeFile(folder.appendingPathComponent("tok/vocab.txt"), bytes: 20)
            let saved = try store.save(from: folder.path, as: S.record("bert"))
            #expect(saved.info.files.map(\.path) == ["a.bin", "tok/vocab.txt"])
            #expect(FileManager.default.fileExists(atPath: saved.path(of: "tok/vocab.txt")))
        }
    }

    @Test func latestFollowsCreationTimeAndDeleteRepointsIt() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 100)
            let old = try store.save(from: file.path, as: S.record("iris", at: 1_700_000_000))
            let new = try store.save(from: file.path, as: S.record("iris", at: 1_700_000_100))
            let older = try store.save(from: file.path, as: S.record("iris", at: 1_600_000_000))
            #expect(try store.resolve(Tag(parsing: "iris")) == new.tag)
            #expect(store.list(name: "iris").map(\.tag) == [new.tag, old.tag, older.tag])
            #expect(try store.delete(Tag(parsing: "iris")) == new.tag)
            #expect(try store.get("iris").tag == old.tag)
            let latest = try String(contentsOfFile: store.modelsDirectory + "/iris/latest", encoding: .utf8)
            #expect(latest.trimmingCharacters(in: .newlines) == old.info.version)
            try store.delete(old.tag)
            try store.delete(older.tag)
            #expect(throws: StoreError.self) { try store.get("iris") }
            #expect(!FileManager.default.fileExists(atPath: store.modelsDirectory + "/iris"))
        }
    }

    @Test func listFiltersByNameAndLabel() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 100)
            try store.save(from: file.path, as: S.record("a", labels: ["stage": "prod", "team": "x"]))
            try store.save(from: file.path, as: S.record("b", labels: ["stage": "dev"]))
            #expect(store.list().map(\.tag.name) == ["a", "b"])
            #expect(store.list(name: "b").map(\.tag.name) == ["b"])
            #expect(store.list(labels: ["stage": "prod"]).map(\.tag.name) == ["a"])
            #expect(store.list(labels: ["stage": "prod", "team": "y"]).isEmpty)
            #expect(store.list(name: "zzz").isEmpty)
        }
    }

    @Test func missingSourcesAndDuplicateTagsFail() async throws {
        try await S.withStore { store, dir in
            let missing = try #require(throws: StoreError.self) {
                try store.save(from: dir.appendingPathComponent("nope.onnx").path, as: S.record("x"))
            }
            #expect(missing.code == .notFound && missing.message.contains("nope.onnx"))
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 100)
            let info = S.record("x")
            try store.save(from: file.path, as: info)
            let dup = try #require(throws: StoreError.self) { try store.save(from: file.path, as: info) }
            #expect(dup.code == .alreadyExists && dup.message.contains("bento models delete"))
            #expect(FileSystem.list(store.tempRoot).isEmpty)
            let notFound = try #require(throws: StoreError.self) { try store.get("ghost") }
            #expect(notFound.code == .notFound && notFound.message.contains("'ghost'"))
        }
    }

    @Test func corruptedEntriesAreReportedAndNeverServed() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 4096)
            let good = try store.save(from: file.path, as: S.record("iris", at: 1_700_000_000))
            let bad = try store.save(from: file.path, as: S.record("iris", at: 1_700_000_100))
            // Same size, one byte changed: only a re-hash finds it.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: bad.path(of: "m.onnx")))
            try handle.seek(toOffset: 100)
            try handle.write(contentsOf: Data([0xff]))
            try handle.close()
            let verify = try #require(throws: StoreError.self) { try store.verify(bad.tag) }
            #expect(verify.code == .corrupted && verify.message.contains("'m.onnx'") && verify.message.contains("sha256"))
            #expect(throws: StoreError.self) { try store.get(bad.tag, verifyHashes: true) }
            #expect(throws: StoreError.self) { try store.export(bad.tag, to: dir.appendingPathComponent("x.tar").path) }
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.tar").path))
            // Truncated: the cheap check in get and list finds it.
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: bad.path(of: "m.onnx")))
            let get = try #require(throws: StoreError.self) { try store.get(bad.tag) }
            #expect(get.code == .corrupted && get.message.contains("'m.onnx' has 3 bytes instead of 4096"))
            #expect(store.list().first { $0.tag == bad.tag }?.problem?.contains("m.onnx") == true)
            // Partial: no model.yaml. It is listed as broken and `latest` skips it.
            try FileManager.default.removeItem(atPath: bad.path(of: "model.yaml"))
            #expect(store.list().first { $0.tag == bad.tag }?.problem?.contains("model.yaml is missing") == true)
            try store.delete(bad.tag)
            #expect(try store.get("iris").tag == good.tag)
            #expect(try store.verify(good.tag).tag == good.tag)
        }
    }

    @Test func leftoverStagingFoldersAreReportedThenCleaned() async throws {
        try await S.withStore { store, dir in
            try FileManager.default.createDirectory(atPath: store.tempRoot + "/999999999-1", withIntermediateDirectories: true)
            #expect(store.leftovers() == [store.tempRoot + "/999999999-1"])
            #expect(store.list().isEmpty)
            try store.save(from: try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 10).path, as: S.record("a"))
            #expect(store.leftovers().isEmpty)
        }
    }
}
