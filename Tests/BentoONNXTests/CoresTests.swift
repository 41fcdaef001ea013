import BentoONNX
import Testing

/// `ONNXRuntime.Configuration.fitted(toCores:)`: a runner's cores become workers and intra-op threads.
@Suite struct CoresTests {
    @Test(arguments: [
        // cores, workers fixed, threads fixed, → workers, intra-op threads
        (4, nil, nil, 4, 1),
        (4, 1, nil, 1, 4),
        (4, 2, nil, 2, 2),
        (6, 4, nil, 4, 1),
        (4, nil, 2, 2, 2),
        (4, nil, 8, 1, 8),
        (4, 3, 5, 3, 5),
        (0, nil, nil, 1, 1),
    ] as [(Int, Int?, Int?, Int, Int)])
    func workersTimesThreadsMakeTheCores(cores: Int, workers: Int?, threads: Int?, expectedWorkers: Int, expectedThreads: Int) {
        var config = ONNXRuntime.Configuration.defaults
        if let workers { config.workers = workers }
        if let threads { config.session.intraOpThreads = threads }
        let fitted = config.fitted(toCores: cores, keepingWorkers: workers != nil, keepingIntraOpThreads: threads != nil)
        #expect(fitted.workers == expectedWorkers)
        #expect(fitted.session.intraOpThreads == expectedThreads)
        #expect(fitted.session.interOpThreads == 1)
    }
}
