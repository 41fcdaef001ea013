import BentoTesting
import Foundation
import Testing

@testable import BentoCore

/// A model folder laid out as BentoML 1.x saves one (`~/bentoml/models/<name>/<version>/`).
enum BentoMLFixture {
    static let yaml = """
        name: iris_clf
        version: 2uo5fkgxj27exuqj
        module: bentoml.onnx
        labels:
          owner: ml-team
          stage: prod
        options:
          providers:
          - CPUExecutionProvider
        metadata:
          accuracy: 0.973
          epochs: 12
          dataset: iris-v2
        context:
          framework_name: onnx
          framework_versions:
            onnx: 1.15.0
          bentoml_version: 1.1.11
          python_version: 3.11.6
        signatures:
          run:
            batchable: true
            batch_dim:
            - 0
            - 0
        api_version: v1
        creation_time: '2024-01-15T09:30:12.123456+00:00'

        """

    @discardableResult
    static func make(at folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("model.yaml"))
        try StoreTestSupport.writeFile(folder.appendingPathComponent("saved_model.onnx"), bytes: 5000)
        return folder
    }

    static func check(_ model: StoredModel) {
        let info = model.info
        #expect(info.tag.description == "iris_clf:2uo5fkgxj27exuqj")
        #expect(info.framework == "onnx")
        #expect(info.labels == ["owner": "ml-team", "stage": "prod"])
        #expect(info.metadata["accuracy"] == .double(0.973) && info.metadata["epochs"] == .int(12))
        #expect(info.options["providers"] == .array(["CPUExecutionProvider"]))
        #expect(info.signatures["run"]?.batchable == true && info.signatures["run"]?.batchDim == 0)
        #expect(info.context["bentoml_module"] == "bentoml.onnx")
        #expect(info.creationTime == ModelInfo.milliseconds(ModelInfo.parseDateText("2024-01-15T09:30:12.123Z")!))
        #expect(info.files.map(\.path) == ["saved_model.onnx"] && info.files[0].size == 5000)
    }
}

@Suite struct BentoMLImportTests {
    @Test func importsABentoMLModelFolder() async throws {
        try await StoreTestSupport.withStore { store, dir in
            let folder = try BentoMLFixture.make(at: dir.appendingPathComponent("bentoml/models/iris_clf/2uo5fkgxj27exuqj"))
            #expect(try ModelStore.classify(folder.path) == .modelFolder)
            BentoMLFixture.check(try store.importFolder(at: folder.path))
            BentoMLFixture.check(try store.verify(Tag(parsing: "iris_clf")))
        }
    }

    @Test(arguments: ["-cJf", "-czf", "-cf"])
    func importsABentoModelArchive(tarFlags: String) async throws {
        try await StoreTestSupport.withStore { store, dir in
            let folder = try BentoMLFixture.make(at: dir.appendingPathComponent("src"))
            let archive = dir.appendingPathComponent("iris_clf.bentomodel").path
            // BentoML's export is shutil.make_archive(…, "xztar", root_dir=model folder): members "./…".
            let made = try Fixtures.run("/usr/bin/env tar", [tarFlags, archive, "-C", folder.path, "."])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(try ModelStore.classify(archive) == .archive)
            BentoMLFixture.check(try store.importArchive(at: archive))
        }
    }

    @Test func mapsModulesToFrameworks() {
        #expect(BentoMLModel.framework(forModule: "bentoml.onnx") == "onnx")
        #expect(BentoMLModel.framework(forModule: "bentoml.sklearn") == "python.sklearn")
        #expect(BentoMLModel.framework(forModule: "bentoml.pytorch") == "python.pytorch")
        #expect(BentoMLModel.framework(forModule: "bentoml._internal.frameworks.xgboost") == "python.xgboost")
    }

    @Test func badBentoMLYAMLNamesTheProblem() async throws {
        try await StoreTestSupport.withStore { store, dir in
            let folder = dir.appendingPathComponent("m")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("name: iris\nmodule: bentoml.onnx\n".utf8).write(to: folder.appendingPathComponent("model.yaml"))
            let error = try #require(throws: StoreError.self) { try store.importFolder(at: folder.path) }
            #expect(error.code == .invalidModel && error.message.contains("missing 'version'"))
        }
    }

    @Test func unsupportedCompressionIsNamed() async throws {
        try await StoreTestSupport.withStore { store, dir in
            let archive = dir.appendingPathComponent("m.tar.zst")
            try Data([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]).write(to: archive)
            let error = try #require(throws: StoreError.self) { try store.importArchive(at: archive.path) }
            #expect(error.code == .invalidArchive && error.message.contains("zstd"))
        }
    }
}
