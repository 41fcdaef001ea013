import Foundation
import Testing

@testable import BentoCore
import BentoTesting

@Suite struct ConfigurationSourceTests {
    @Test func yamlFlattensToDottedKeys() throws {
        let yaml = """
            api_server:
              http:
                port: 3001
                cors:
                  enabled: true
              traffic:
                timeout: 30
            runners:
              iris:
                batching:
                  max_batch_size: 32
                resources:
                  nvidia.com/gpu: [0, 1]
            """
        let flat = try ConfigurationSource.flatten(yaml: yaml)
        #expect(flat["api_server.http.port"] == "3001")
        #expect(flat["api_server.http.cors.enabled"] == "true")
        #expect(flat["runners.iris.batching.max_batch_size"] == "32")
        #expect(flat["runners.iris.resources.nvidia.com/gpu"] == "0,1")
    }

    @Test func environmentOverridesTheFile() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("bento.yaml")
            try "api_server:\n  http:\n    port: 3001\n    host: 0.0.0.0\n".write(to: file, atomically: true, encoding: .utf8)
            var source = try ConfigurationSource(
                environment: ["BENTO_CONFIG": file.path, "BENTO_CONFIG_OPTIONS": "api_server.http.port=4000 runners.batching.enabled=false"]
            )
            #expect(try source.int("api_server.http.port") == 4000)
            #expect(source.string("api_server.http.host") == "0.0.0.0")
            #expect(try source.bool("runners.batching.enabled") == false)
            try source.checkAllUsed()
        }
    }

    @Test func unknownKeysAreNamed() throws {
        var source = ConfigurationSource(values: ["api_server.http.port": "3000", "api_server.htp.port": "1", "zzz": "2"])
        _ = try source.int("api_server.http.port")
        let error = try #require(throws: ConfigurationError.self) { try source.checkAllUsed() }
        #expect(error.message == "unknown configuration keys 'api_server.htp.port', 'zzz'")
        #expect(error.keys == ["api_server.htp.port", "zzz"])
    }

    @Test func badValuesAreNamed() throws {
        var source = ConfigurationSource(values: ["a.port": "x", "a.flag": "maybe"])
        let port = try #require(throws: ConfigurationError.self) { try source.int("a.port", minimum: 1) }
        #expect(port.message == "a.port must be an integer of at least 1, got 'x'")
        #expect(throws: ConfigurationError.self) { try source.bool("a.flag") }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource.parseOptions("novalue") }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource.parseOptions("a=\"open") }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource.flatten(yaml: "- a\n- b\n") }
        #expect(throws: ConfigurationError.self) { try ConfigurationSource(file: "/nonexistent/bento.yaml") }
        let quoted = try ConfigurationSource.parseOptions("a.b=\"x y\" c=1")
        #expect(quoted.map { "\($0.0)=\($0.1)" } == ["a.b=x y", "c=1"])
    }
}
