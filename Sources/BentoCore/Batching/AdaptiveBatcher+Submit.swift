import Synchronization

/// Callers' side: validate, queue, await, cancel.
extension AdaptiveBatcher {
    /// Queues one request and returns its outputs once its batch (or batches) ran.
    ///
    /// - Throws: ``RunnerError`` with code ``RunnerError/Code/invalidInput`` before queueing when
    ///   the inputs cannot join a batch, ``RunnerError/Code/overloaded`` when shed,
    ///   ``RunnerError/Code/cancelled`` when the calling task is cancelled first,
    ///   ``RunnerError/Code/shutdown`` when the batcher is not running, and
    ///   ``RunnerError/Code/runnableFailed`` when the runnable threw.
    public func submit(_ inputs: [String: Tensor]) async throws -> [String: Tensor] {
        let rows = try BatchTemplate.rows(of: inputs, method: method)
        if let signature = method.signature {
            for spec in signature.inputs {
                guard let tensor = inputs[spec.name] else {
                    throw RunnerError(.invalidInput, "input '\(spec.name)' of method '\(method.name)' is missing")
                }
                do { try spec.validate(tensor) } catch {
                    throw RunnerError(.invalidInput, error.message, cause: error)
                }
            }
        }
        let method = self.method
        let (id, alone) = try state.withLock { (state) throws(RunnerError) -> (UInt64, Machine.Batch?) in
            if let template = state.template {
                try template.check(inputs, method: method)
            } else {
                state.template = BatchTemplate(first: inputs, method: method)
            }
            let id = state.nextID
            state.nextID += 1
            // A request that would go out at once in a batch of its own runs in this task: no hop
            // through the run loop, so batching costs a lone caller nothing.
            if state.running, !state.stopped,
                let batch = state.machine.enqueueIfSentAlone(id: id, rows: rows, at: clock.now)
            {
                return (id, batch)
            }
            state.registering.insert(id)
            return (id, nil)
        }
        if let alone {
            metrics.waited(.zero)
            let job = Job(batch: alone, parts: [BatchAssembly.Part(inputs: inputs, rows: 0..<rows, isWhole: true)])
            return try await runInline(job)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outputs, any Error>) in
                let effects = state.withLock { state -> [Effect] in
                    let now = clock.now  // read under the lock, so events reach the machine in time order
                    state.registering.remove(id)
                    if state.cancelledEarly.remove(id) != nil {
                        return [.resume(continuation, .failure(self.cancelledError()))]
                    }
                    if state.stopped {
                        return [.resume(continuation, .failure(self.shutdownError()))]
                    }
                    state.waiters[id] = Waiter(continuation: continuation, inputs: inputs, rows: rows, arrival: now)
                    let actions = state.machine.enqueue(id: id, rows: rows, at: now)
                    return self.handle(actions, in: &state, at: now)
                }
                perform(effects)
            }
        } onCancel: {
            self.cancel(id)
        }
    }

    /// Runs a batch of one whole request in the caller's task and returns its outputs.
    private func runInline(_ job: Job) async throws(RunnerError) -> Outputs {
        let result = await run(job, inCallerTask: true)
        perform(finished(job, result: result))
        switch result.outputs {
        case .success(let perPiece):
            return perPiece[0]  // one whole piece: its outputs are the request's
        case .failure(let error):
            throw error
        }
    }

    /// Takes a request out of the queue because its caller went away.
    func cancel(_ id: UInt64) {
        let effects = state.withLock { state -> [Effect] in
            let now = clock.now
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                if state.registering.contains(id) { state.cancelledEarly.insert(id) }
                return []
            }
            let (_, actions) = state.machine.cancel(id, at: now)
            return [.resume(waiter.continuation, .failure(cancelledError()))] + handle(actions, in: &state, at: now)
        }
        perform(effects)
    }

    func cancelledError() -> RunnerError {
        RunnerError(.cancelled, "the caller of runner '\(runnerName)' method '\(method.name)' went away before it ran")
    }

    func shutdownError() -> RunnerError {
        RunnerError(.shutdown, "runner '\(runnerName)' is not running; its batcher for '\(method.name)' has stopped")
    }

    func overloadedError() -> RunnerError {
        RunnerError(
            .overloaded,
            "runner '\(runnerName)' method '\(method.name)' is overloaded: this request could not finish within max_latency (\(method.maxLatency)); retry later"
        )
    }
}
