import BentoTesting
import Foundation
import HummingbirdTesting
import Testing

@testable import BentoHTTP

/// `/docs.json` as served is a valid OpenAPI 3 document under `openapi-spec-validator`.
@Suite struct OpenAPIValidatorTests {
    static var hasValidator: Bool {
        (try? Fixtures.run(Fixtures.python, ["-c", "import openapi_spec_validator"]))?.status == 0
    }

    @Test
    func servedDocumentValidates() async throws {
        try #require(Self.hasValidator, "needs openapi-spec-validator: run scripts/setup-test-deps")
        let document = try await withServer(.router) { client in try await client.get("/docs.json").bytes }
        let check = """
            import json, sys
            from openapi_spec_validator import validate
            validate(json.load(sys.stdin))
            print("valid")
            """
        let result = try await runChild(Fixtures.python, ["-c", check], stdin: Data(document))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid"))
    }
}
