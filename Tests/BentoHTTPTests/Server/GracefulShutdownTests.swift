import BentoCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import ServiceLifecycle
import Testing

@testable import BentoHTTP

@Suite struct GracefulShutdownTests {
    /// In-flight requests finish, new connections are refused, and the server stops.
    @Test func inFlightRequestsFinishAndNewOnesAreRefused() async throws {
        let gate = Gate()
        let shutdownRan = Flag()
        var service = testService(name: "graceful", gate: gate)
        service.onShutdown.append { shutdownRan.set(true) }
        try await LiveServer.with(service: service) { server in
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await TestClient.withClient(host: "127.0.0.1", port: server.port) { client in
                        let response = try await client.post("/wait", body: ByteBuffer(string: "in flight"))
                        #expect(response.status == .ok)
                        #expect(response.body.map { String(buffer: $0) } == "in flight")
                    }
                }
                while gate.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
                await server.group.triggerGracefulShutdown()
                // The listener closes: new connections soon fail, while the held request waits.
                var refused = false
                for _ in 0..<50 where !refused {
                    do {
                        try await TestClient.withClient(
                            host: "127.0.0.1",
                            port: server.port,
                            configuration: .init(timeout: .seconds(1))
                        ) { client in _ = try await client.get("/livez") }
                        try await Task.sleep(for: .milliseconds(100))
                    } catch {
                        refused = true
                    }
                }
                #expect(refused)
                #expect(gate.waiting == 1)
                gate.open()
                try await tasks.waitForAll()
            }
        }
        #expect(shutdownRan.value)
    }
}
