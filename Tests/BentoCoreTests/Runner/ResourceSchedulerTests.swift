import BentoCore
import Testing

@Suite struct ResourceSchedulerTests {
    @Test func gpuCountGivesOneReplicaPerGPUPerWorker() throws {
        let plans = try ResourceScheduler.plan(
            RunnerResources(cpu: 8, gpus: .count(2)), workersPerResource: 2, availableCPUs: 16, availableGPUs: ["0", "1", "2"]
        )
        #expect(plans.map { $0.environment["CUDA_VISIBLE_DEVICES"] } == ["0", "0", "1", "1"])
        #expect(plans.map(\.index) == [0, 1, 2, 3])
        #expect(plans.allSatisfy { $0.threads == 2 && $0.environment["OMP_NUM_THREADS"] == "2" })
    }

    @Test func gpuIDsAreUsedAsGiven() throws {
        let plans = try ResourceScheduler.plan(RunnerResources(gpus: .ids(["2", "0"])), availableCPUs: 4, availableGPUs: ["0", "1", "2"])
        #expect(plans.map { $0.environment["CUDA_VISIBLE_DEVICES"] } == ["2", "0"])
        #expect(plans.map(\.threads) == [2, 2])
    }

    @Test func multithreadedCPURunnersShareTheCores() throws {
        let plans = try ResourceScheduler.plan(RunnerResources(cpu: 4), workersPerResource: 2, availableCPUs: 16)
        #expect(plans.count == 2)
        #expect(plans.allSatisfy { $0.threads == 2 && $0.environment["CUDA_VISIBLE_DEVICES"] == "" })
        for variable in ResourceScheduler.threadVariables {
            #expect(plans[0].environment[variable] == "2", "\(variable)")
        }
        // No cpu given: the whole machine.
        let whole = try ResourceScheduler.plan(RunnerResources(), availableCPUs: 6)
        #expect(whole.map(\.threads) == [6])
    }

    @Test func singleThreadedCPURunnersGetOneReplicaPerCore() throws {
        let plans = try ResourceScheduler.plan(RunnerResources(cpu: 2.5), workersPerResource: 2, multithreaded: false, availableCPUs: 8)
        #expect(plans.count == 6)
        #expect(plans.allSatisfy { $0.threads == 1 && $0.environment["OMP_NUM_THREADS"] == "1" })
    }

    @Test func impossibleRequestsNameTheSetting() {
        let cases: [(RunnerResources, Int, String)] = [
            (RunnerResources(gpus: .count(3)), 1, "asks for 3 GPUs but this machine has 2"),
            (RunnerResources(gpus: .ids(["7"])), 1, "names GPU '7'"),
            (RunnerResources(gpus: .ids([])), 1, "empty list"),
            (RunnerResources(cpu: 0), 1, "resources.cpu must be positive"),
            (RunnerResources(cpu: 1), 0, "workers_per_resource must be at least 1"),
        ]
        for (resources, workers, message) in cases {
            #expect {
                try ResourceScheduler.plan(resources, workersPerResource: workers, availableCPUs: 4, availableGPUs: ["0", "1"], runner: "iris")
            } throws: { error in
                guard let error = error as? RunnerError else { return false }
                return error.code == .invalidConfiguration && error.message.contains(message) && error.message.contains("runners.iris")
            }
        }
    }
}
