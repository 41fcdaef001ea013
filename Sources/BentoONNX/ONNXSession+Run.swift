public import BentoCore
import Synchronization

extension ONNXSession {
    /// Runs the model once, blocking the calling thread until ONNX Runtime returns.
    ///
    /// Inputs are checked against ``signature`` first (names, dtype, rank, fixed dimensions);
    /// every output in the signature is returned, copied out of ONNX Runtime in bulk.
    ///
    /// - Throws: ``ONNXError`` with ``ONNXError/Code/missingInput``, ``ONNXError/Code/unknownInput``
    ///   or ``ONNXError/Code/invalidInput`` (naming the input and the mismatch) before running;
    ///   ``ONNXError/Code/runFailed`` with ONNX Runtime's own message when it refuses.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        try run(validated: validate(inputs))
    }

    /// Runs the model on inputs that ``validate(_:)`` has checked and put in the model's input
    /// order (what ``ONNXRunnable`` does on the caller's task, so the dedicated thread does not
    /// check them again).
    func run(validated ordered: [Tensor]) throws -> [String: Tensor] {
        try withInputValues(ordered) { values in
            var outputs = [OpaquePointer?](repeating: nil, count: outputNames.count)
            defer { outputs.forEach(library.api.releaseValue) }
            let status = inputNames.withUnsafeBufferPointer { inNames in
                outputNames.withUnsafeBufferPointer { outNames in
                    values.withUnsafeBufferPointer { inValues in
                        library.api.run(
                            session, nil,
                            UnsafeRawPointer(inNames.baseAddress)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self),
                            inValues.baseAddress, inValues.count,
                            UnsafeRawPointer(outNames.baseAddress)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self),
                            outNames.count, &outputs
                        )
                    }
                }
            }
            try library.check(status, .runFailed) { "ONNX Runtime could not run \(modelPath)" }
            var result: [String: Tensor] = [:]
            result.reserveCapacity(outputs.count)
            for (index, spec) in signature.outputs.enumerated() {
                guard let value = outputs[index] else {
                    throw ONNXError(.invalidOutput, "output '\(spec.name)' came back empty")
                }
                switch outputKinds[index] {
                case .tensor:
                    result[spec.name] = try library.tensor(from: value, name: spec.name)
                case .sequenceOfMaps(let key, let valueType):
                    let (table, keys) = try library.mapRows(from: value, name: spec.name, key: key, value: valueType)
                    result[spec.name] = table
                    self.keys.withLock { $0[spec.name] = keys }
                }
            }
            return result
        }
    }

    /// Checks `inputs` against the signature and returns them in the model's input order.
    ///
    /// - Throws: ``ONNXError`` naming the unknown, missing or mismatched input.
    @discardableResult
    public func validate(_ inputs: [String: Tensor]) throws -> [Tensor] {
        if inputs.count != signature.inputs.count || inputs.keys.contains(where: { inputIndex[$0] == nil }) {
            let expected = signature.inputs.map { "'\($0.name)'" }.joined(separator: ", ")
            if let unknown = inputs.keys.sorted().first(where: { inputIndex[$0] == nil }) {
                throw ONNXError(.unknownInput, "unknown input '\(unknown)'; the model's inputs are \(expected)")
            }
        }
        var ordered: [Tensor] = []
        ordered.reserveCapacity(signature.inputs.count)
        for spec in signature.inputs {
            guard let tensor = inputs[spec.name] else {
                let expected = signature.inputs.map { "'\($0.name)'" }.joined(separator: ", ")
                throw ONNXError(.missingInput, "missing input '\(spec.name)'; the model's inputs are \(expected)")
            }
            do {
                try spec.validate(tensor)
            } catch {
                throw ONNXError(.invalidInput, error.message, cause: error)
            }
            ordered.append(tensor)
        }
        return ordered
    }

    /// Wraps each tensor in an `OrtValue` (numeric data borrowed, strings copied) for the
    /// duration of `body`.
    private func withInputValues<R>(_ tensors: [Tensor], _ body: ([OpaquePointer?]) throws -> R) throws -> R {
        var values: [OpaquePointer?] = []
        values.reserveCapacity(tensors.count)
        defer { values.forEach(library.api.releaseValue) }
        func nest(_ index: Int) throws -> R {
            if index == tensors.count { return try body(values) }
            let tensor = tensors[index]
            let name = signature.inputs[index].name
            if tensor.dtype == .string {
                values.append(try library.stringValue(from: tensor, name: name))
                return try nest(index + 1)
            }
            return try tensor.bytes.withUnsafeBytes { raw in
                values.append(try library.numericValue(borrowing: raw, of: tensor, name: name))
                return try nest(index + 1)
            }
        }
        return try nest(0)
    }
}
