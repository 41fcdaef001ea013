/// Joins the pieces of a batch into the runnable's inputs and splits its outputs back.
///
/// Inputs are concatenated along the method's input batch dim; inputs with a padding rule are
/// first padded to the longest in the batch. Outputs are split along the output batch dim, and
/// outputs listed in ``RunnerMethod/paddedOutputs`` are sliced back to each request's length.
///
/// ```swift
/// let joined = try BatchAssembly.join(parts, method: method)
/// let perPart = try BatchAssembly.split(outputs, parts: parts, lengths: joined.lengths, method: method)
/// ```
package enum BatchAssembly {
    /// Some rows of one request, with that request's inputs.
    package struct Part: Sendable {
        /// All of the request's inputs.
        package var inputs: [String: Tensor]
        /// Which rows along the batch dim belong to this batch.
        package var rows: Range<Int>
        /// Whether ``rows`` are all of the request's rows.
        package var isWhole: Bool

        package init(inputs: [String: Tensor], rows: Range<Int>, isWhole: Bool) {
            self.inputs = inputs
            self.rows = rows
            self.isWhole = isWhole
        }
    }

    /// A request's own length along its padded axes: the longest of its padded inputs, or `nil`
    /// when the method pads nothing.
    package static func paddedLength(of inputs: [String: Tensor], method: RunnerMethod) -> Int? {
        var length: Int?
        for (name, rule) in method.padding {
            guard let tensor = inputs[name], rule.axis < tensor.rank else { continue }
            length = max(length ?? 0, tensor.shape[rule.axis])
        }
        return length
    }

    /// The batch's inputs, and each part's own padded length.
    package static func join(
        _ parts: [Part],
        method: RunnerMethod
    ) throws(TensorError) -> (inputs: [String: Tensor], lengths: [Int?]) {
        if parts.count == 1, parts[0].isWhole, method.padding.isEmpty {
            return (parts[0].inputs, [nil])  // a batch of one whole request is that request
        }
        let lengths = parts.map { paddedLength(of: $0.inputs, method: method) }
        guard let first = parts.first else { return ([:], []) }
        var joined: [String: Tensor] = [:]
        for name in first.inputs.keys {
            var pieces: [Tensor] = []
            pieces.reserveCapacity(parts.count)
            let target = method.padding[name].map { rule in
                parts.map { $0.inputs[name]?.shape[rule.axis] ?? 0 }.max() ?? 0
            }
            for part in parts {
                guard var tensor = part.inputs[name] else {
                    throw TensorError(.shapeMismatch, "input '\(name)' is missing from a request in the batch")
                }
                if !part.isWhole { tensor = try tensor.slice(axis: method.inputBatchDim, part.rows) }
                if let rule = method.padding[name], let target {
                    tensor = try tensor.padded(axis: rule.axis, to: target, with: rule.value)
                }
                pieces.append(tensor)
            }
            joined[name] = try Tensor.concatenate(pieces, axis: method.inputBatchDim)
        }
        return (joined, lengths)
    }

    /// Each part's outputs, in the order of `parts`.
    package static func split(
        _ outputs: [String: Tensor],
        parts: [Part],
        lengths: [Int?],
        method: RunnerMethod
    ) throws(RunnerError) -> [[String: Tensor]] {
        let sizes = parts.map(\.rows.count)
        let total = sizes.reduce(0, +)
        if parts.count == 1, lengths.first.map({ $0 == nil }) ?? true {
            // One request, nothing to truncate: its outputs are the batch's, once their rows check out.
            for (name, tensor) in outputs where !(method.outputBatchDim < tensor.rank && tensor.shape[method.outputBatchDim] == total) {
                throw RunnerError(
                    .invalidOutput,
                    "output '\(name)' has shape \(tensor.shape); expected \(total) rows along dimension \(method.outputBatchDim) for a batch of \(total)"
                )
            }
            return [outputs]
        }
        var result = Array(repeating: [String: Tensor](), count: parts.count)
        for (name, tensor) in outputs {
            let axis = method.outputBatchDim
            guard axis < tensor.rank, tensor.shape[axis] == total else {
                throw RunnerError(
                    .invalidOutput,
                    "output '\(name)' has shape \(tensor.shape); expected \(total) rows along dimension \(axis) for a batch of \(total)"
                )
            }
            do {
                let pieces = try tensor.split(sizes: sizes, axis: axis)
                for (index, var piece) in pieces.enumerated() {
                    if let padAxis = method.paddedOutputs[name], let length = lengths[index] {
                        piece = try piece.truncated(axis: padAxis, to: length)
                    }
                    result[index][name] = piece
                }
            } catch {
                throw RunnerError(
                    .invalidOutput, "output '\(name)' cannot be split back per request: \(error.message)", cause: error)
            }
        }
        return result
    }

    /// Joins the outputs of a request's pieces, given with their first row, in row order.
    package static func reassemble(
        _ pieces: [(start: Int, outputs: [String: Tensor])],
        method: RunnerMethod
    ) throws(RunnerError) -> [String: Tensor] {
        if pieces.count == 1 { return pieces[0].outputs }
        let ordered = pieces.sorted { $0.start < $1.start }
        var joined: [String: Tensor] = [:]
        for name in ordered[0].outputs.keys {
            do {
                joined[name] = try Tensor.concatenate(
                    ordered.compactMap { $0.outputs[name] }, axis: method.outputBatchDim)
            } catch {
                throw RunnerError(
                    .invalidOutput, "output '\(name)' of a split request cannot be rejoined: \(error.message)",
                    cause: error)
            }
        }
        return joined
    }
}
