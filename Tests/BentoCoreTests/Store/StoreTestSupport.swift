import BentoTesting
import Foundation

@testable import BentoCore

/// A store in a fresh temporary folder, and small model files to put in it.
enum StoreTestSupport {
    static func withStore<T>(_ body: (ModelStore, URL) async throws -> T) async throws -> T {
        try await Fixtures.withTemporaryDirectory { dir in
            try await body(ModelStore(home: dir.appendingPathComponent("home").path), dir)
        }
    }

    @discardableResult
    static func writeFile(_ url: URL, bytes count: Int, seed: UInt8 = 1) throws -> URL {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }).write(to: url)
        return url
    }

    static func record(_ name: String, at seconds: TimeInterval = Date().timeIntervalSince1970,
                       labels: [String: String] = [:]) -> ModelInfo {
        let date = Date(timeIntervalSince1970: seconds)
        return ModelInfo(tag: Tag(name: name, version: Tag.generateVersion(at: date)), framework: "onnx",
                         labels: labels, creationTime: date)
    }
}
