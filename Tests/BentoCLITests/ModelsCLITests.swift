import BentoTesting
import Foundation
import Testing

/// `bento models …` end to end through the built `bento` binary.
@Suite struct ModelsCLITests {
    struct Home {
        let dir: URL
        var path: String { dir.appendingPathComponent("home").path }

        @discardableResult
        func bento(_ args: String...) throws -> Fixtures.ProcessResult {
            try Fixtures.run(Fixtures.bentoExecutable, ["models"] + args, environment: ["BENTO_HOME": path])
        }

        func file(_ name: String, bytes: Int, seed: UInt8 = 0) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &+ Int(seed)) }).write(to: url)
            return url.path
        }
    }

    func withHome(_ body: (Home) throws -> Void) async throws {
        try await Fixtures.withTemporaryDirectory { dir in try body(Home(dir: dir)) }
    }

    @Test func importListGetExportDeleteVerify() async throws {
        try await withHome { home in
            let model = try home.file("iris.onnx", bytes: 4096)
            let imported = try home.bento("import", model, "--label", "stage=prod", "--metadata", "owner=me")
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stderr.contains("warning:") || imported.stderr.isEmpty)
            let tag = try #require(imported.stdout.split(separator: " ").last?.trimmingCharacters(in: .newlines))
            #expect(tag.hasPrefix("iris:"))

            let table = try home.bento("list")
            #expect(table.status == 0 && table.stdout.contains("TAG") && table.stdout.contains(tag))
            #expect(table.stdout.contains("onnx") && table.stdout.contains("stage=prod"))
            let json = try home.bento("list", "-o", "json")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 1 && rows[0]["tag"] as? String == tag && rows[0]["size"] as? Int == 4096)
            #expect(try home.bento("list", "--label", "stage=dev").stdout.contains(tag) == false)

            let get = try home.bento("get", "iris")
            #expect(get.status == 0 && get.stdout.contains("framework:  onnx") && get.stdout.contains("signatures:"))
            let getJSON = try home.bento("get", tag, "-o", "json")
            let info = try #require(try JSONSerialization.jsonObject(with: Data(getJSON.stdout.utf8)) as? [String: Any])
            #expect(info["framework"] as? String == "onnx")
            #expect((info["metadata"] as? [String: Any])?["owner"] as? String == "me")
            #expect(try home.bento("get", "iris", "-o", "yaml").stdout.contains("creation_time:"))

            let archive = home.dir.appendingPathComponent("iris.tar").path
            #expect(try home.bento("export", "iris", archive).status == 0)
            #expect(try home.bento("verify", tag).stdout == "\(tag): 1 file OK\n")
            let deleted = try home.bento("delete", tag, "-y")
            #expect(deleted.status == 0 && deleted.stdout.contains("deleted \(tag)"))
            #expect(try home.bento("get", "iris").status != 0)
            let back = try home.bento("import", archive)
            #expect(back.status == 0 && back.stdout.contains(tag))
            #expect(try home.bento("verify", "iris").status == 0)
        }
    }

    @Test func deleteWithoutATerminalNeedsYes() async throws {
        try await withHome { home in
            try home.bento("import", try home.file("m.onnx", bytes: 10))
            let refused = try home.bento("delete", "m")
            #expect(refused.status != 0 && refused.stderr.contains("pass -y"))
            #expect(try home.bento("get", "m").status == 0)
        }
    }

    @Test(arguments: [
        (["get", "Bad:Tag"], "invalid"), (["get", "ghost"], "bento models list"),
        (["import", "/nonexistent/model.onnx"], "does not exist"),
        (["import", "/etc/hostname", "--name", "x"], "--framework"),
        (["import", "/etc/hostname", "--name", "x", "--framework", "swift", "--label", "oops"], "key=value"),
        (["export", "ghost", "/tmp/x.tar"], "no model named 'ghost'"), (["verify", "ghost:v1"], "not in"),
    ])
    func errorsExitNonZeroWithOneLine(args: [String], expected: String) async throws {
        try await withHome { home in
            let result = try Fixtures.run(Fixtures.bentoExecutable, ["models"] + args, environment: ["BENTO_HOME": home.path])
            #expect(result.status != 0)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
    }

    @Test func corruptedEntryIsMarkedAndNotServed() async throws {
        try await withHome { home in
            try home.bento("import", try home.file("m.onnx", bytes: 1000))
            let entry = home.path + "/models/m/" + (try String(contentsOfFile: home.path + "/models/m/latest", encoding: .utf8))
                .trimmingCharacters(in: .newlines)
            try Data([1]).write(to: URL(fileURLWithPath: entry + "/m.onnx"))
            #expect(try home.bento("list").stdout.contains("BROKEN"))
            let get = try home.bento("get", "m")
            #expect(get.status != 0 && get.stderr.contains("corrupted") && get.stderr.contains("'m.onnx'"))
            let verify = try home.bento("verify", "m")
            #expect(verify.status != 0 && verify.stderr.contains("'m.onnx'"))
        }
    }

    @Test func importsBentoMLFolderAndRefusesZipSlip() async throws {
        try await withHome { home in
            let folder = home.dir.appendingPathComponent("bentoml/iris/abc123")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("""
                name: iris
                version: abc123
                module: bentoml.sklearn
                labels: {team: a}
                metadata: {acc: 0.5}
                signatures: {predict: {batchable: false}}
                creation_time: '2023-05-01T10:00:00.000001+00:00'
                """.utf8).write(to: folder.appendingPathComponent("model.yaml"))
            try Data("pickle".utf8).write(to: folder.appendingPathComponent("saved_model.pkl"))
            let imported = try home.bento("import", folder.path)
            #expect(imported.status == 0 && imported.stdout.contains("iris:abc123"), "\(imported.stderr)")
            let get = try home.bento("get", "iris:abc123")
            #expect(get.stdout.contains("python.sklearn") && get.stdout.contains("predict (not batchable)"))

            // A tar whose member climbs out, made by the system tar with -P.
            let payload = home.dir.appendingPathComponent("evil/x")
            try FileManager.default.createDirectory(at: payload, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: payload.appendingPathComponent("model.yaml"))
            let archive = home.dir.appendingPathComponent("slip.tar").path
            let made = try Fixtures.run(
                "/usr/bin/env tar", ["-cPf", archive, "-C", payload.path, "model.yaml", "../x/model.yaml"])
            #expect(made.status == 0, "\(made.stderr)")
            let refused = try home.bento("import", archive)
            #expect(refused.status != 0 && refused.stderr.contains("'../x/model.yaml'"), "\(refused.stderr)")
        }
    }

    @Test func twoProcessesImportingAtOnceLeaveAConsistentStore() async throws {
        try await withHome { home in
            let a = try home.file("a.onnx", bytes: 8 << 20, seed: 1)
            let b = try home.file("b.onnx", bytes: 8 << 20, seed: 2)
            let archiveSource = try home.file("c.onnx", bytes: 4 << 20, seed: 3)
            try home.bento("import", archiveSource, "--name", "shared")
            let archive = home.dir.appendingPathComponent("shared.tar").path
            #expect(try home.bento("export", "shared", archive).status == 0)
            #expect(try home.bento("delete", "shared", "-y").status == 0)

            let results = LockedResults()
            DispatchQueue.concurrentPerform(iterations: 4) { i in
                let args = i < 2 ? ["import", i == 0 ? a : b, "--name", "m"] : ["import", archive]
                let result = try? Fixtures.run(Fixtures.bentoExecutable, ["models"] + args, environment: ["BENTO_HOME": home.path])
                results.append(result)
            }
            let all = results.values.compactMap { $0 }
            #expect(all.count == 4)
            // Both plain imports succeed; of the two imports of one archive (same tag) exactly one does.
            #expect(all.filter { $0.status == 0 }.count == 3, "\(all.map(\.stderr))")
            #expect(all.filter { $0.status != 0 }.allSatisfy { $0.stderr.contains("already stored") })
            let list = try home.bento("list", "-o", "json")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 3 && rows.allSatisfy { $0["problem"] == nil })
            for row in rows { #expect(try home.bento("verify", row["tag"] as! String).status == 0) }
            #expect(try home.bento("get", "m").status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.path + "/models/.tmp").isEmpty)
        }
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var _values: [Fixtures.ProcessResult?] = []
    func append(_ value: Fixtures.ProcessResult?) { lock.withLock { _values.append(value) } }
    var values: [Fixtures.ProcessResult?] { lock.withLock { _values } }
}
