import Synchronization

/// The batcher's own side: the run loop, batch execution, and carrying out the state machine's actions.
extension AdaptiveBatcher {
    /// Runs batches and timers until the calling task is cancelled, then fails whatever is
    /// still queued with ``RunnerError/Code/shutdown``. Call it once, from the task (or task group)
    /// that owns the runner, as a ServiceLifecycle service would.
    public func run() async {
        let first = state.withLock { state in
            defer { state.running = true }
            return !state.running
        }
        precondition(first, "AdaptiveBatcher.run() of runner '\(runnerName)' method '\(method.name)' was called twice")
        await withDiscardingTaskGroup { group in
            for await command in commands {
                switch command {
                case .execute(let job):
                    group.addTask { await self.execute(job) }
                case .timer(let deadline):
                    group.addTask {
                        do { try await self.clock.sleep(until: deadline, tolerance: nil) } catch { return }
                        self.timerFired()
                    }
                }
            }
        }
        shutdown()
    }

    func timerFired() {
        let effects = state.withLock { state in
            let now = clock.now
            return handle(state.machine.timerFired(at: now), in: &state, at: now)
        }
        perform(effects)
    }

    func shutdown() {
        let effects = state.withLock { state -> [Effect] in
            state.stopped = true
            let waiters = state.waiters.values
            state.waiters.removeAll()
            return waiters.map { .resume($0.continuation, .failure(shutdownError())) }
        }
        commandSink.finish()
        perform(effects)
    }

    /// Runs one batch and hands every piece its outputs (or the error).
    func execute(_ job: Job) async {
        perform(finished(job, result: await run(job)))
    }

    /// Runs one batch: each piece's outputs, or the error, and how long it took. Cancellation means
    /// the batcher stopped, or, for a batch run in its caller's task, that the caller went away.
    func run(_ job: Job, inCallerTask: Bool = false) async -> (outputs: Result<[Outputs], RunnerError>, duration: Duration) {
        let start = clock.now
        let result: Result<[Outputs], RunnerError>
        do {
            let joined = try BatchAssembly.join(job.parts, method: method)
            let outputs = try await runnable.run(joined.inputs, method: method.name)
            result = .success(
                try BatchAssembly.split(outputs, parts: job.parts, lengths: joined.lengths, method: method))
        } catch let error as RunnerError {
            result = .failure(error)
        } catch where Task.isCancelled {
            result = .failure(inCallerTask ? cancelledError() : shutdownError())
        } catch {
            result = .failure(
                RunnerError(
                    .runnableFailed, "runner '\(runnerName)' method '\(method.name)' failed: \(error)", cause: error)
            )
        }
        return (result, start.duration(to: clock.now))
    }

    /// Records a batch that ran: answers its waiting pieces and tells the state machine. Returns the
    /// effects to perform outside the lock.
    func finished(_ job: Job, result run: (outputs: Result<[Outputs], RunnerError>, duration: Duration)) -> [Effect] {
        let (result, duration) = run
        metrics.batchRan(rows: job.batch.rowCount, worker: job.batch.worker, duration: duration)
        return state.withLock { state -> [Effect] in
            let now = clock.now
            var effects: [Effect] = []
            for (index, piece) in job.batch.pieces.enumerated() {
                switch result {
                case .success(let perPiece):
                    effects += deliver(perPiece[index], for: piece, in: &state)
                case .failure(let error):
                    guard let waiter = state.waiters.removeValue(forKey: piece.request) else { continue }
                    effects.append(.resume(waiter.continuation, .failure(error)))
                    effects += handle(state.machine.cancel(piece.request, at: now).actions, in: &state, at: now)
                }
            }
            switch result {
            case .success: state.templateConfirmed = true
            case .failure:
                // A template learned from a bad first request would reject every good one after it.
                if !state.templateConfirmed && state.waiters.isEmpty && method.signature == nil { state.template = nil }
            }
            effects += handle(
                state.machine.batchFinished(job.batch.id, duration: duration, at: now), in: &state, at: now)
            return effects
        }
    }

    /// Stores a piece's outputs; answers the request once all its rows are back.
    private func deliver(_ outputs: Outputs, for piece: Machine.Batch.Piece, in state: inout State) -> [Effect] {
        guard var waiter = state.waiters[piece.request] else { return [] }  // cancelled meanwhile
        waiter.pieces.append((piece.rows.lowerBound, outputs))
        waiter.rowsDone += piece.rows.count
        guard waiter.rowsDone == waiter.rows else {
            state.waiters[piece.request] = waiter
            return []
        }
        state.waiters[piece.request] = nil
        do {
            return [.resume(waiter.continuation, .success(try BatchAssembly.reassemble(waiter.pieces, method: method)))]
        } catch {
            return [.resume(waiter.continuation, .failure(error))]
        }
    }

    /// Turns the state machine's actions into effects, updating the waiters. Call under the lock.
    func handle(_ actions: [Machine.Action], in state: inout State, at now: C.Instant) -> [Effect] {
        var effects: [Effect] = []
        for action in actions {
            switch action {
            case .dispatch(let batch):
                var parts: [BatchAssembly.Part] = []
                parts.reserveCapacity(batch.pieces.count)
                for piece in batch.pieces {
                    guard let waiter = state.waiters[piece.request] else { continue }
                    if piece.rows.lowerBound == 0 {
                        metrics.waited(waiter.arrival.duration(to: now))
                    }
                    parts.append(BatchAssembly.Part(inputs: waiter.inputs, rows: piece.rows, isWhole: piece.isWhole))
                }
                effects.append(.execute(Job(batch: batch, parts: parts)))
            case .shed(let ids):
                metrics.shed(ids.count)
                for id in ids {
                    guard let waiter = state.waiters.removeValue(forKey: id) else { continue }
                    effects.append(.resume(waiter.continuation, .failure(overloadedError())))
                }
            case .scheduleTimer(let deadline):
                effects.append(.timer(deadline))
            }
        }
        return effects
    }

    /// Carries out effects outside the lock.
    func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .resume(let continuation, let result):
                continuation.resume(with: result.mapError { $0 as any Error })
            case .execute(let job):
                if case .terminated = commandSink.yield(.execute(job)) { abandon(job) }
            case .timer(let deadline):
                _ = commandSink.yield(.timer(deadline))
            }
        }
    }

    /// Fails a batch that can no longer run because the batcher stopped.
    private func abandon(_ job: Job) {
        let effects = state.withLock { state -> [Effect] in
            job.batch.pieces.compactMap { piece in
                state.waiters.removeValue(forKey: piece.request).map {
                    .resume($0.continuation, .failure(shutdownError()))
                }
            }
        }
        perform(effects)
    }
}
