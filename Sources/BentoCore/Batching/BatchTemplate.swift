/// The shape every request of one batchable method must share, so that it joins a batch without
/// failing its neighbours: input names, dtypes, ranks and every dimension except the batch dim
/// and padded axes.
///
/// Learned from the first accepted request (or checked against the method's signature first).
///
/// ```swift
/// let template = try BatchTemplate(first: inputs, method: method)
/// try template.check(next, method: method)   // throws RunnerError(.invalidInput) on mismatch
/// ```
package struct BatchTemplate: Sendable, Hashable {
    private struct Entry: Sendable, Hashable {
        var dtype: DType
        /// The shape with `-1` where lengths may vary (batch dim, padded axis).
        var shape: [Int]
    }

    private var entries: [String: Entry]

    /// A template matching `inputs`.
    package init(first inputs: [String: Tensor], method: RunnerMethod) {
        entries = inputs.mapValues { tensor in
            var shape = tensor.shape
            if method.inputBatchDim < shape.count { shape[method.inputBatchDim] = -1 }
            return Entry(dtype: tensor.dtype, shape: shape)
        }
        for (name, rule) in method.padding where rule.axis < (entries[name]?.shape.count ?? 0) {
            entries[name]?.shape[rule.axis] = -1
        }
    }

    /// Throws ``RunnerError/Code/invalidInput`` unless `inputs` fit the template.
    package func check(_ inputs: [String: Tensor], method: RunnerMethod) throws(RunnerError) {
        // Same names: as many, and each one known (no sets built unless they differ).
        if inputs.count != entries.count || inputs.keys.contains(where: { entries[$0] == nil }) {
            let expected = Set(entries.keys)
            let given = Set(inputs.keys)
            let missing = expected.subtracting(given).sorted()
            let extra = given.subtracting(expected).sorted()
            throw RunnerError(
                .invalidInput,
                "method '\(method.name)' takes inputs \(expected.sorted()); missing \(missing), unexpected \(extra)"
            )
        }
        for (name, tensor) in inputs {
            let entry = entries[name]!
            guard tensor.dtype == entry.dtype else {
                throw RunnerError(
                    .invalidInput,
                    "input '\(name)' must be \(entry.dtype) to batch with the others, got \(tensor.dtype)")
            }
            let fits =
                tensor.rank == entry.shape.count
                && zip(tensor.shape, entry.shape).allSatisfy { $1 < 0 || $0 == $1 }
            guard fits else {
                throw RunnerError(
                    .invalidInput,
                    "input '\(name)' has shape \(tensor.shape), which cannot batch with shape \(entry.shape) (-1 varies) along dimension \(method.inputBatchDim)"
                )
            }
        }
    }

    /// The number of rows of a request: the size of every input along the batch dim.
    package static func rows(of inputs: [String: Tensor], method: RunnerMethod) throws(RunnerError) -> Int {
        guard !inputs.isEmpty else { throw RunnerError(.invalidInput, "method '\(method.name)' got no inputs") }
        var rows: Int?
        func take(_ name: String, _ tensor: Tensor) throws(RunnerError) {
            guard method.inputBatchDim < tensor.rank else {
                throw RunnerError(
                    .invalidInput,
                    "input '\(name)' of shape \(tensor.shape) has no batch dimension \(method.inputBatchDim)")
            }
            if let rule = method.padding[name], rule.axis >= tensor.rank {
                throw RunnerError(
                    .invalidInput, "input '\(name)' of shape \(tensor.shape) has no padding axis \(rule.axis)")
            }
            let n = tensor.shape[method.inputBatchDim]
            if let rows, rows != n {
                throw RunnerError(
                    .invalidInput,
                    "input '\(name)' has \(n) rows along dimension \(method.inputBatchDim), the other inputs \(rows)")
            }
            rows = n
        }
        // Sorted, so that a mismatch names the same inputs every time (one input needs no sort).
        if inputs.count == 1, let (name, tensor) = inputs.first {
            try take(name, tensor)
        } else {
            for (name, tensor) in inputs.sorted(by: { $0.key < $1.key }) { try take(name, tensor) }
        }
        guard let rows, rows > 0 else {
            throw RunnerError(
                .invalidInput,
                "method '\(method.name)' got a request with no rows along dimension \(method.inputBatchDim)")
        }
        return rows
    }
}
