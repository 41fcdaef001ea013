import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoONNX

/// Where the tests find ONNX Runtime and their models.
enum TestRuntime {
    /// The library folder, found the way users' Python finds it (the project's `.venv`).
    static let libraryFolder: String = {
        let locator = LibraryLocator(explicitPath: nil, environment: [:], python: Fixtures.python)
        guard case .success(let package) = locator.pythonPackageFolder() else {
            return "/nonexistent: onnxruntime not installed for \(Fixtures.python); run scripts/setup-test-deps"
        }
        return (package as NSString).appendingPathComponent("capi")
    }()

    /// The default configuration with the library pinned to the test environment's.
    static func configuration(workers: Int = 2) -> ONNXRuntime.Configuration {
        ONNXRuntime.Configuration(libraryPath: libraryFolder, workers: workers)
    }

    static func committed(_ path: String) -> String {
        Fixtures.committed.appendingPathComponent(path).path
    }

    static var irisPlain: String { committed("iris/iris_logreg.onnx") }
    static var irisZipMap: String { committed("iris/iris_logreg_zipmap.onnx") }
    static func logregIris() throws -> String { try Fixtures.file("logreg_iris.onnx") }
    static func miniLM() throws -> String { try Fixtures.file("minilm/model.onnx") }

    /// The every-dtype Identity model, generated once per test process by
    /// `scripts/fixtures/make_dtypes.py`.
    static func dtypesModel() throws -> String {
        try dtypesModelPath.get()
    }

    private static let dtypesModelPath: Result<String, any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bento-onnx-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("dtypes.onnx").path
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/fixtures/make_dtypes.py").path
        let result = try Fixtures.run(Fixtures.python, [script, path])
        guard result.status == 0 else { throw TestSetupError(message: "make_dtypes.py failed: \(result.stderr)") }
        return path
    }

    /// Iris rows as a float32 `[n, 4]` tensor, from the committed expected predictions.
    static func irisRows(_ n: Int) throws -> Tensor {
        let rows = try expected().inputs.prefix(n)
        return try Tensor(rows.flatMap { $0.map(Float.init) }, shape: [rows.count, 4])
    }

    struct Expected {
        var inputs: [[Double]]
        var labels: [String: [Int64]]
        var probabilities: [String: [[Double]]]
    }

    static func expected() throws -> Expected {
        let url = Fixtures.committed.appendingPathComponent("iris/expected.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let inputs = try #require((json["inputs"] as? [String: Any])?["float_input"] as? [[Double]])
        let models = try #require(json["models"] as? [String: [String: Any]])
        var labels: [String: [Int64]] = [:]
        var probabilities: [String: [[Double]]] = [:]
        for (name, model) in models {
            labels[name] = try #require(model["labels"] as? [Int]).map(Int64.init)
            probabilities[name] = try #require(model["probabilities"] as? [[Double]])
        }
        return Expected(inputs: inputs, labels: labels, probabilities: probabilities)
    }
}

/// A helper step of a test failed (a child process, a fixture).
struct TestSetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
