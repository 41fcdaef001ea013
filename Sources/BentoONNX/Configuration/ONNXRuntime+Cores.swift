extension ONNXRuntime.Configuration {
    /// This configuration fitted to `cores` CPU cores (a runner's `resources.cpu`, or the share
    /// of them its replica got): concurrent calls times threads per call make `cores`.
    ///
    /// With neither fixed, each of `cores` workers runs its calls on one intra-op thread (the
    /// defaults' rule, per replica instead of per machine). With the workers fixed, each call
    /// gets `cores / workers` intra-op threads; with the threads fixed, `cores / threads` workers
    /// run. When both are fixed nothing changes.
    ///
    /// ```swift
    /// let config = ONNXRuntime.Configuration.defaults.fitted(toCores: 4, keepingWorkers: true)  // workers 1
    /// config.session.intraOpThreads   // 4
    /// ```
    public func fitted(toCores cores: Int, keepingWorkers: Bool = false, keepingIntraOpThreads: Bool = false) -> Self {
        var result = self
        let cores = max(1, cores)
        switch (keepingWorkers, keepingIntraOpThreads) {
        case (false, false):
            result.workers = cores
            result.session.intraOpThreads = 1
        case (true, false):
            result.session.intraOpThreads = max(1, cores / max(1, workers))
        case (false, true):
            result.workers = max(1, cores / max(1, session.intraOpThreads))
        case (true, true):
            break
        }
        return result
    }
}
