import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoONNX

@Suite struct LibraryTests {
    @Test func loadsThroughPythonDiscoveryAndPassesSelfTest() throws {
        let info = try ONNXRuntime.loadLibrary(at: TestRuntime.libraryFolder)
        #expect(info.version == "1.32.0")
        #expect(info.path.hasSuffix("libonnxruntime.so.1.32.0"))
        #expect(info.availableProviders.contains("CPUExecutionProvider"))
    }

    @Test func environmentVariableNamesFileOrFolder() throws {
        let file = try #require(LibraryLocator.library(at: TestRuntime.libraryFolder))
        for value in [TestRuntime.libraryFolder, file] {
            let locator = LibraryLocator(explicitPath: nil, environment: ["BENTO_ONNXRUNTIME": value], python: "false")
            let (found, tried) = try locator.candidates()
            #expect(found == [.path(file)])
            #expect(tried == ["BENTO_ONNXRUNTIME=\(value)"])
        }
    }

    @Test func explicitPathWinsOverEnvironment() throws {
        let file = try #require(LibraryLocator.library(at: TestRuntime.libraryFolder))
        let locator = LibraryLocator(
            explicitPath: file, environment: ["BENTO_ONNXRUNTIME": "/nowhere"], python: "false")
        #expect(try locator.candidates().found == [.path(file)])
    }

    @Test func pythonDiscoveryFindsTheWheelsLibrary() throws {
        let locator = LibraryLocator(explicitPath: nil, environment: [:], python: Fixtures.python)
        let (found, tried) = try locator.candidates()
        let first = try #require(found.first)
        guard case .path(let path) = first else {
            Issue.record("expected a path first, got \(first)")
            return
        }
        #expect(path.hasSuffix("onnxruntime/capi/libonnxruntime.so.1.32.0"))
        #expect(tried.first == "BENTO_ONNXRUNTIME (not set)")
        #expect(found.last == .loaderName("libonnxruntime.so.1"))
    }

    @Test func absentExplicitLibraryFailsClearlyAndLaterLoadsWork() throws {
        let error = try #require(throws: ONNXError.self) {
            _ = try ONNXSession(
                modelAt: TestRuntime.irisPlain, configuration: .init(libraryPath: "/nonexistent/libonnxruntime.so"))
        }
        #expect(error.code == .libraryNotFound)
        #expect(error.message.contains("/nonexistent/libonnxruntime.so"))
        #expect(error.message.contains("pip install onnxruntime"))
        let session = try ONNXSession(modelAt: TestRuntime.irisPlain, configuration: TestRuntime.configuration())
        #expect(session.signature.inputs.count == 1)
    }

    @Test func nothingFoundListsEveryPlaceTriedAndTheFix() throws {
        let locator = LibraryLocator(
            explicitPath: nil,
            environment: ["PATH": "/usr/bin:/bin"],
            python: "bento-no-such-python",
            loaderNames: ["libonnxruntime-absent.so"]
        )
        let error = try #require(throws: ONNXError.self) { _ = try OrtLibrary.load(using: locator, alreadyLoaded: [:]) }
        #expect(error.code == .libraryNotFound)
        for place in ["BENTO_ONNXRUNTIME", "Python (bento-no-such-python)", "system loader: libonnxruntime-absent.so"] {
            #expect(error.message.contains(place), "missing \(place) in: \(error.message)")
        }
        #expect(error.message.contains("pip install onnxruntime"))
    }

    @Test func unavailableProviderIsNamed() throws {
        var configuration = TestRuntime.configuration()
        configuration.session.executionProviders = [.cuda(deviceID: 0), .cpu]
        let error = try #require(throws: ONNXError.self) {
            _ = try ONNXSession(modelAt: TestRuntime.irisPlain, configuration: configuration)
        }
        #expect(error.code == .providerUnavailable)
        #expect(error.message.contains("cuda:0"))
        #expect(error.message.contains("CPUExecutionProvider"))
    }

    @Test func configurationNamesParse() {
        #expect(ONNXRuntime.ExecutionProvider(name: "cuda:1") == .cuda(deviceID: 1))
        #expect(ONNXRuntime.ExecutionProvider(name: "CPU") == .cpu)
        #expect(ONNXRuntime.ExecutionProvider(name: "tpu") == nil)
        #expect(ONNXRuntime.GraphOptimization(name: "basic") == .basic)
        #expect(ONNXRuntime.GraphOptimization(name: "everything") == nil)
        #expect(ONNXRuntime.Configuration.defaults.session.intraOpThreads == 1)
        #expect(ONNXRuntime.Configuration.defaults.session.interOpThreads == 1)
    }
}
