import BentoTesting
import Foundation
import Testing

@testable import BentoCore

/// The fast `model.yaml` reader that `list` uses must agree with the full Yams decode on every
/// field it returns, and must actually be taken for what the store writes.
@Suite struct SummaryReaderTests {
    typealias S = StoreTestSupport

    /// The full decode's view of `yaml`, and the fast reader's (nil when it declines).
    func both(_ yaml: String) throws -> (full: ModelSummary, fast: ModelSummary?) {
        (try ModelInfo(yaml: yaml, source: "model.yaml").summary, SummaryReader.read(Array(yaml.utf8)))
    }

    static let awkwardStrings = [
        "prod", "ml team", "yes", "no", "true", "123", "0x1f", "1e3", "-1", "007", "2024-01-15", "it's", "a: b",
        "#tag", "a #b", "x:", ":x", "", " padded ", "null", "~", "NULL", "[1, 2]", "{a: 1}", "*ref", "&anchor",
        "!tag", "a,b", "@at", "`tick`", "<<", "=", "quote\"d", "multi\nline", "tab\there", "é", "日本", "🙂",
    ]

    static var records: [ModelInfo] {
        var records: [ModelInfo] = []
        let times: [TimeInterval] = [0, 1_700_000_000, 1_700_000_000.5, 1_700_000_000.999, 1_705_311_012.123, 951_782_400.001, -1.5]
        for (i, time) in times.enumerated() {
            var info = ModelInfo(
                tag: Tag(name: "m\(i)", version: Tag.generateVersion(at: Date(timeIntervalSince1970: max(0, time)))),
                framework: i % 2 == 0 ? "onnx" : "python.sklearn", creationTime: Date(timeIntervalSince1970: time))
            info.files = (0..<i).map { ModelInfo.File(path: "dir \($0)/f\($0).bin", size: Int64($0) * 1000, sha256: String(repeating: "ab", count: 32)) }
            records.append(info)
        }
        for (i, value) in awkwardStrings.enumerated() {
            var info = ModelInfo(tag: Tag(name: "label", version: "v\(i)"), framework: value.isEmpty ? "swift" : value)
            info.labels = [value: value, "stage": value, "k\(i)": "plain"]
            info.metadata = ["note": .string(value), "nested": .dictionary(["list": .array([.string(value), .int(1)])])]
            info.options = ["providers": .array(["CPUExecutionProvider"])]
            info.context = ["bentoml_module": "bentoml.onnx", "framework_versions": .dictionary(["onnx": "1.15.0"])]
            info.signatures = ["run": ModelSignature(inputs: [], outputs: [], batchable: true)]
            info.files = [ModelInfo.File(path: value.isEmpty ? "f" : value, size: 12, sha256: "00")]
            records.append(info)
        }
        return records
    }

    @Test func agreesWithTheFullDecodeOnEveryRecordTheStoreWrites() throws {
        for info in Self.records {
            let yaml = try info.yaml()
            let (full, fast) = try both(yaml)
            // (Yams reads a `<<` key as a merge, so that label does not survive; nor did it before.)
            #expect(full == info.summary || info.labels["<<"] != nil)
            if let fast { #expect(fast == full, "\(yaml)") }
            // The reader declines only what YAML writes double-quoted or across lines (control
            // characters, non-ASCII) and the keys Yams treats specially (`<<` merges, `=` values).
            let text = [info.framework] + info.labels.keys + info.labels.values + info.files.map(\.path)
            let expectFast = text.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f } && $0 != "<<" && $0 != "=" }
            #expect((fast != nil) == expectFast, "\(yaml)")
        }
    }

    @Test func readsPlainAndBentoMLEntriesFast() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 100)
            let plain = try store.save(from: file.path, as: S.record("iris", labels: ["stage": "prod", "owner": "ml-team"]))
            let folder = try BentoMLFixture.make(at: dir.appendingPathComponent("bentoml/iris_clf/2uo5fkgxj27exuqj"))
            let imported = try store.importFolder(at: folder.path)
            for model in [plain, imported] {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: model.path(of: "model.yaml"))))
                let fast = try #require(SummaryReader.read(bytes), "\(String(decoding: bytes, as: UTF8.self))")
                #expect(fast == model.info.summary)
            }
            #expect(store.list().map(\.summary) == [plain.info.summary, imported.info.summary])
        }
    }

    @Test func listMarksUnreadableAndMismatchedRecordsAndReadsHandEditedOnes() async throws {
        try await S.withStore { store, dir in
            let file = try S.writeFile(dir.appendingPathComponent("m.onnx"), bytes: 100)
            let edited = try store.save(from: file.path, as: S.record("a", at: 1_700_000_000))
            let garbage = try store.save(from: file.path, as: S.record("b", at: 1_700_000_000))
            let moved = try store.save(from: file.path, as: S.record("c", at: 1_700_000_000))
            let yaml = { (model: StoredModel) in model.path(of: "model.yaml") }
            // A comment takes the full decoder; the entry reads the same.
            try ("# edited by hand\n" + (try edited.info.yaml())).write(toFile: yaml(edited), atomically: true, encoding: .utf8)
            try "name: [unclosed\n".write(toFile: yaml(garbage), atomically: true, encoding: .utf8)
            var other = moved.info
            other.name = "d"
            try other.yaml().write(toFile: yaml(moved), atomically: true, encoding: .utf8)

            let entries = Dictionary(uniqueKeysWithValues: store.list().map { ($0.tag.name, $0) })
            #expect(entries["a"]?.summary == edited.info.summary && entries["a"]?.problem == nil)
            #expect(entries["b"]?.summary == nil && entries["b"]?.problem?.contains("is not a valid model.yaml") == true)
            #expect(entries["c"]?.summary == nil && entries["c"]?.problem?.contains("its model.yaml says d:") == true)
            #expect(store.list(labels: ["x": "y"]).isEmpty)
        }
    }

    /// model.yaml files a person might write by hand: the reader declines or agrees, and
    /// `ModelSummary(yaml:)` always gives what the full decode gives, errors included.
    @Test(arguments: [
        "labels: {team: a, stage: prod}\n",
        "labels:\n  team: a # owner\n",
        "# a comment\nlabels: {}\n",
        "labels:\n  team: a\n  team: b\n",
        "labels:\n    team: a\n",
        "labels:\n",
        "files:\n",
        "labels:\n  team: 'it''s'\n",
        "labels:\n  team: \"a\\tb\"\n",
        "labels:\n  team: 'two\n    lines'\n",
        "labels:\n  team: null\n",
        "labels:\n  'team x': '1'\n",
        "labels:\n\tteam: a\n",
        "metadata:\n  note: 'open\nname: other\n",
        "metadata:\n  note: |\n    text\n\n    more\n",
        "metadata: {a: 1}\n",
        "api_version: v1\n",
        "files:\n- path: a\n  size: 010\n  sha256: x\n",
        "files:\n- path: a\n  size: 10\n",
        "files:\n  - path: a\n    size: 10\n    sha256: x\n",
        "files:\n- {path: a, size: 10, sha256: x}\n",
        "files:\n- path: a\n  size: 10\n  sha256: x\n- path: b\n  size: 0\n  sha256: y\n",
        "files: []\n",
        "labels:\r\n  team: a\r\n",
        "---\nlabels: {}\n",
    ])
    func handWrittenVariantsAgree(extra: String) throws {
        for created in ["'2024-01-15T09:30:12.123Z'", "2024-01-15T09:30:12Z", "'2024-01-15T09:30:12.123456+00:00'", "'not a date'"] {
            let yaml = "name: iris\nversion: v1\nframework: onnx\ncreation_time: \(created)\n" + extra
            let full = Result { try ModelInfo(yaml: yaml, source: "model.yaml").summary }
            if let fast = SummaryReader.read(Array(yaml.utf8)) {
                #expect(fast == (try? full.get()), "\(yaml)")
            }
            let summary = Result { try ModelSummary(yaml: Array(yaml.utf8), source: "model.yaml") }
            switch (summary, full) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(yaml)")
            case (.failure(let a as StoreError), .failure(let b as StoreError)): #expect(a.message == b.message)
            default: Issue.record("disagree on \(yaml): \(summary) vs \(full)")
            }
        }
    }

    @Test func missingFieldsAndBadTagsFallBackToTheFullDecodersError() throws {
        for yaml in ["version: v1\nframework: onnx\ncreation_time: '2024-01-15T09:30:12.123Z'\n",
                     "name: Iris\nversion: v1\nframework: onnx\ncreation_time: '2024-01-15T09:30:12.123Z'\n"] {
            #expect(SummaryReader.read(Array(yaml.utf8)) == nil)
            let error = try #require(throws: StoreError.self) { try ModelSummary(yaml: Array(yaml.utf8), source: "x/model.yaml") }
            #expect(error.message.contains("x/model.yaml") || error.code == .invalidTag)
        }
        let notUTF8: [UInt8] = Array("name: iris\nframework: ".utf8) + [0xff, 0xfe]
        #expect(throws: StoreError.self) { try ModelSummary(yaml: notUTF8, source: "model.yaml") }
    }

    @Test func parsedDatesMatchTheFormatter() {
        var rng = SplitMix64(seed: 7)
        // 1601-01-01 through 9999-12-31, and a few earlier dates the fast parser leaves to ICU.
        let first: Int64 = -11_644_473_600_000
        let fixed: [Int64] = [0, 1, 999, 1000, 951_782_400_000, 951_868_799_999, 4_102_444_800_000, 253_402_300_799_999, -1, first,
                              first - 1, -30_000_000_000_000]
        let random = (0..<2000).map { _ in first + Int64(rng.next() % UInt64(253_402_300_800_000 - first)) }
        for millis in fixed + random {
            let date = UTCTime.date(milliseconds: millis)
            let text = ModelInfo.formatDate(date)
            let reference = ModelInfo.parseDateText(text).map(ModelInfo.milliseconds)
            #expect(reference == date, "\(millis) \(text)")
            if let parsed = UTCTime.parseMilliseconds(text) {
                #expect(parsed == millis, "\(text)")
            } else {
                #expect(millis < first, "\(text) was not parsed")
            }
            let seconds = String(text.prefix(19)) + "Z"
            if let parsed = UTCTime.parseMilliseconds(seconds) {
                #expect(UTCTime.date(milliseconds: parsed) == ModelInfo.parseDateText(seconds).map(ModelInfo.milliseconds))
            }
        }
        for bad in ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.1Z",
                    "2024-01-01T00:00:00+00:00", "2024-01-01 00:00:00Z", "1500-01-01T00:00:00Z"] {
            #expect(UTCTime.parseMilliseconds(bad) == nil, "\(bad)")
        }
    }

    @Test func formattedDatesMatchDateFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var rng = SplitMix64(seed: 11)
        let fixed: [TimeInterval] = [0, -0.001, -1, 0.999, 951_782_399.9995, 951_868_800, 1_705_311_012.123, 4_102_444_799.999]
        let random = (0..<2000).map { _ in Double(Int64(rng.next() % 400_000_000_000_000) - 100_000_000_000_000) / 1000 }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            if let fast = UTCTime.format(date) {
                #expect(fast == formatter.string(from: date), "\(seconds)")
            }
        }
        #expect(UTCTime.format(Date(timeIntervalSince1970: 1_705_311_012.123)) == "2024-01-15 09:30:12")
        #expect(UTCTime.format(Date(timeIntervalSince1970: -20_000_000_000)) == nil)
    }
}
