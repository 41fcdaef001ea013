import BentoONNX
import Testing

@testable import BentoCLI
@testable import BentoCore

/// A runner's cores (`resources.cpu`, or its replica's share) decide its ONNX Runtime workers and
/// intra-op threads, through the same configuration `bento serve` reads.
@Suite struct RunnerCoresTests {
    static func resolved(_ options: String, cores: Int? = nil) throws -> ONNXRuntime.Configuration {
        let source = try ConfigurationSource(file: nil, environment: ["BENTO_CONFIG_OPTIONS": options])
        return try ServerSettings(source: source).runner("iris", onnx: .defaults, cores: cores).1
    }

    @Test func resourcesCPUSetsWorkersAndThreads() throws {
        let fitted = try Self.resolved("runners.iris.resources.cpu=3")
        #expect(fitted.workers == 3)
        #expect(fitted.session.intraOpThreads == 1)
        let one = try Self.resolved("runners.iris.resources.cpu=4 runners.iris.workers=1")
        #expect(one.workers == 1)
        #expect(one.session.intraOpThreads == 4)
        let threads = try Self.resolved("runners.iris.resources.cpu=4 runners.iris.onnx.intra_op_threads=2")
        #expect(threads.workers == 2)
        #expect(threads.session.intraOpThreads == 2)
    }

    @Test func aReplicasShareWinsOverTheRunnersTotal() throws {
        // 4 cores over workers_per_resource 2: the supervisor tells each replica it has 2.
        let replica = try Self.resolved("runners.iris.resources.cpu=4 runners.iris.workers_per_resource=2", cores: 2)
        #expect(replica.workers == 2)
        #expect(replica.session.intraOpThreads == 1)
    }

    @Test func withoutCoresTheDefaultsStay() throws {
        let plain = try Self.resolved("runners.iris.batching.max_batch_size=8")
        #expect(plain == .defaults)
    }
}
