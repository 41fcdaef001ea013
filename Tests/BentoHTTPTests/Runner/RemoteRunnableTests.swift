import BentoCore
import BentoTesting
import Foundation
import Synchronization
import Testing

@testable import BentoHTTP

/// The runner client against real runner-like servers (BentoHTTPServer on loopback TCP and on a
/// Unix socket), with binary tensors both ways.
@Suite(.timeLimit(.minutes(2))) struct RemoteRunnableTests {
    /// Records what the server saw.
    final class Log: Sendable {
        let rows = Mutex<[Int]>([])
        let cancelled = Flag()
    }

    /// A server's models: `doubler` (y = 2x), `strings.v2`, `slow` (sleeps 30 s, noting cancellation),
    /// `gated` (waits for the gate), `rows` (y = 2x, logging each call's row count).
    static func service(gate: Gate = Gate(), log: Log = Log()) -> BentoService {
        let spec = [TensorSpec(name: "x", dtype: .float32, shape: [-1, -1])]
        let out = [TensorSpec(name: "y", dtype: .float32, shape: [-1, -1])]
        let slow = ServedModel(name: "slow", platform: "swift", inputs: spec, outputs: out) { inputs in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                log.cancelled.set(true)
                throw error
            }
            return ["y": inputs["x"]!]
        }
        let gated = ServedModel(name: "gated", platform: "swift", inputs: spec, outputs: out) { inputs in
            try await gate.wait()
            return ["y": inputs["x"]!]
        }
        let rows = ServedModel(name: "rows", platform: "swift", inputs: spec, outputs: out) { inputs in
            let x = inputs["x"]!
            log.rows.withLock { $0.append(x.shape[0]) }
            return ["y": try Tensor(try x.values(as: Float.self).map { $0 * 2 }, shape: x.shape)]
        }
        return BentoService(name: "runners", models: [doubler(), stringModel(), slow, gated, rows])
    }

    static let x = try! Tensor((0..<12).map { Float($0) - 5.5 }, shape: [3, 4])

    @Test func roundTripsTensorsOverTCP() async throws {
        try await LiveServer.with(service: Self.service()) { server in
            let client = try RemoteRunnable(name: "doubler", urls: ["http://127.0.0.1:\(server.port)"])
            for _ in 0..<3 {  // the same keep-alive connection serves every call
                let y = try await client.run(["x": Self.x], method: "run")
                #expect(try y["y"]?.values(as: Float.self) == Self.x.values(as: Float.self).map { $0 * 2 })
                #expect(y["y"]?.shape == [3, 4])
            }
            let text = try Tensor(strings: ["hello", "", "wörld"], shape: [3])
            let strings = try RemoteRunnable(name: "strings", model: "strings.v2", urls: ["http://127.0.0.1:\(server.port)"])
            let echoed = try await strings.run(["text:0": text], method: "run")
            #expect(try echoed["echo/out"]?.strings() == ["hello", "", "wörld"])
            #expect(try echoed["length"]?.values(as: Int32.self) == [5, 0, 6])
            #expect(client.outstanding == [0])
        }
    }

    @Test func roundTripsOverAUnixSocket() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let socket = dir.appendingPathComponent("r.sock").path
            try await LiveServer.with(service: Self.service(), configure: { $0.socketPath = socket }) { _ in
                let client = try RemoteRunnable(name: "doubler", urls: ["unix:\(socket)"])
                let y = try await client.run(["x": Self.x], method: "run")
                #expect(try y["y"]?.values(as: Float.self) == Self.x.values(as: Float.self).map { $0 * 2 })
                #expect(await client.readinessProblem() == nil)
            }
        }
    }

    @Test func badInputIsABadInputErrorNamingTheTensor() async throws {
        try await LiveServer.with(service: Self.service()) { server in
            let client = try RemoteRunnable(name: "doubler", urls: ["http://127.0.0.1:\(server.port)"])
            let wrong = try Tensor([Int32(1), 2], shape: [1, 2])
            await #expect {
                try await client.run(["x": wrong], method: "run")
            } throws: { error in
                guard let error = error as? ServiceError else { return false }
                return error.code == .badInput && error.message.contains("'x'")
            }
            let missing = try RemoteRunnable(name: "nope", urls: ["http://127.0.0.1:\(server.port)"])
            await #expect {
                try await missing.run(["x": Self.x], method: "run")
            } throws: { error in
                (error as? ServiceError)?.code == .notFound
            }
        }
    }

    @Test func aSlowRunnerTimesOutAndTheRunnerDropsTheCall() async throws {
        let log = Log()
        try await LiveServer.with(service: Self.service(log: log)) { server in
            var configuration = RemoteRunnable.Configuration()
            configuration.timeout = .seconds(2)  // long enough to connect and send on a busy machine
            let client = try RemoteRunnable(name: "slow", urls: ["http://127.0.0.1:\(server.port)"], configuration: configuration)
            await #expect {
                try await client.run(["x": Self.x], method: "run")
            } throws: { error in
                (error as? ServiceError)?.code == .timeout
            }
            // The runner server was told the deadline and cancelled the call too.
            for _ in 0..<250 where !log.cancelled.value { try await Task.sleep(for: .milliseconds(20)) }
            #expect(log.cancelled.value)
            #expect(client.outstanding == [0])
        }
    }

    @Test func boundedOutstandingCallsAreRefusedAsOverloaded() async throws {
        let gate = Gate()
        try await LiveServer.with(service: Self.service(gate: gate)) { server in
            var configuration = RemoteRunnable.Configuration()
            configuration.maxOutstandingPerReplica = 2
            let client = try RemoteRunnable(name: "gated", urls: ["http://127.0.0.1:\(server.port)"], configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 { group.addTask { _ = try await client.run(["x": Self.x], method: "run") } }
                for _ in 0..<200 where gate.waiting < 2 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(gate.waiting == 2)
                await #expect {
                    try await client.run(["x": Self.x], method: "run")
                } throws: { error in
                    guard let error = error as? ServiceError else { return false }
                    return error.code == .overloaded && error.retryAfter != nil
                }
                gate.open()
                try await group.waitForAll()
            }
            #expect(client.outstanding == [0])
            _ = try await client.run(["x": Self.x], method: "run")
        }
    }

    @Test func aDeadReplicaIsRetriedOnAnotherAndThenSkipped() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let dead = "unix:" + dir.appendingPathComponent("nobody.sock").path
            try await LiveServer.with(service: Self.service()) { server in
                let client = try RemoteRunnable(name: "doubler", urls: [dead, "http://127.0.0.1:\(server.port)"])
                for _ in 0..<4 {
                    let y = try await client.run(["x": Self.x], method: "run")
                    #expect(y["y"]?.shape == [3, 4])
                }
                #expect(client.outstanding == [0, 0])
                #expect(await client.readinessProblem() == nil)  // one replica up is enough
                let alone = try RemoteRunnable(name: "doubler", urls: [dead])
                await #expect {
                    try await alone.run(["x": Self.x], method: "run")
                } throws: { error in
                    guard let error = error as? ServiceError else { return false }
                    return error.code == .unavailable && error.message.contains("nobody.sock")
                }
                let problem = await alone.readinessProblem()
                #expect(problem?.contains("nobody.sock") == true, "\(problem ?? "nil")")
            }
        }
    }

    @Test func bigRequestsAreSplitAcrossReplicasAndGatheredInOrder() async throws {
        let first = Log()
        let second = Log()
        try await LiveServer.with(service: Self.service(log: first)) { a in
            try await LiveServer.with(service: Self.service(log: second)) { b in
                var configuration = RemoteRunnable.Configuration()
                configuration.splitThreshold = 4
                let client = try RemoteRunnable(
                    name: "rows", urls: ["http://127.0.0.1:\(a.port)", "http://127.0.0.1:\(b.port)"],
                    configuration: configuration
                )
                let rows = try Tensor((0..<40).map { Float($0) }, shape: [10, 4])
                let y = try await client.run(["x": rows], method: "run")
                #expect(y["y"]?.shape == [10, 4])
                #expect(try y["y"]?.values(as: Float.self) == (0..<40).map { Float($0) * 2 })
                #expect(first.rows.withLock { $0 } == [5])
                #expect(second.rows.withLock { $0 } == [5])
                // At or under the threshold a call goes whole to one replica.
                _ = try await client.run(["x": try rows.slice(0..<4)], method: "run")
                #expect(first.rows.withLock { $0.count } + second.rows.withLock { $0.count } == 3)
            }
        }
    }
}
