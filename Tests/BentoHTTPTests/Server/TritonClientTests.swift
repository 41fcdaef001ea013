import BentoCore
import BentoTesting
import Foundation
import Testing

@testable import BentoHTTP

/// The Python client `tritonclient[http]` against a live server, in JSON and binary modes.
@Suite struct TritonClientTests {
    static var hasTritonClient: Bool {
        guard let result = try? Fixtures.run(Fixtures.python, ["-c", "import tritonclient.http"]) else { return false }
        return result.status == 0
    }

    @Test
    func tritonClientJSONAndBinary() async throws {
        try #require(Self.hasTritonClient, "needs tritonclient[http]: run scripts/setup-test-deps")
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/BentoHTTPTests/Scripts/triton_client.py").path
        try await LiveServer.with(service: testService(name: "triton")) { server in
            let result = try await runChild(Fixtures.python, [script, "127.0.0.1:\(server.port)"])
            #expect(result.status == 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
            #expect(result.stdout.contains("json ok"))
            #expect(result.stdout.contains("binary ok"))
            #expect(result.stdout.contains("bytes ok"))
            #expect(result.stdout.contains("compression ok"))
            #expect(result.stdout.contains("errors ok"))
        }
    }
}
