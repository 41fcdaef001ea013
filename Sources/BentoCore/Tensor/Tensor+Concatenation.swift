/// Concatenation, splitting and slicing along any axis: the batching primitives.
extension Tensor {
    /// Joins tensors along `axis`. All must share the dtype, the rank and every dimension but `axis`.
    ///
    /// ```swift
    /// let batch = try Tensor.concatenate([a, b], axis: 0)   // [2,4] + [3,4] -> [5,4]
    /// ```
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = tensors.first else {
            throw TensorError(.invalidSplit, "cannot concatenate an empty list of tensors")
        }
        guard axis >= 0, axis < max(first.rank, 0) else {
            throw TensorError(.invalidAxis, "axis \(axis) is out of range for rank \(first.rank)")
        }
        var total = 0
        for (index, tensor) in tensors.enumerated() {
            try first.checkJoinable(with: tensor, axis: axis, index: index)
            total += tensor.shape[axis]
        }
        var shape = first.shape
        shape[axis] = total
        if tensors.count == 1 { return first }

        if first.dtype == .string {
            let elements = try tensors.map { t throws(TensorError) in try t.byteElements() }
            let outer = first.shape[..<axis].reduce(1, *)
            let inner = first.shape[(axis + 1)...].reduce(1, *)
            var joined: [[UInt8]] = []
            joined.reserveCapacity(elements.reduce(0) { $0 + $1.count })
            for o in 0..<outer {
                for (t, tensor) in tensors.enumerated() {
                    let chunk = tensor.shape[axis] * inner
                    joined.append(contentsOf: elements[t][(o * chunk)..<((o + 1) * chunk)])
                }
            }
            return try Tensor(byteElements: joined, shape: shape)
        }

        let size = first.dtype.byteSize!
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tensors.reduce(0) { $0 + $1.bytes.count })
        if axis == 0 {
            for tensor in tensors { bytes.append(contentsOf: tensor.bytes) }
        } else {
            let outer = first.shape[..<axis].reduce(1, *)
            let inner = first.shape[(axis + 1)...].reduce(1, *) * size
            for o in 0..<outer {
                for tensor in tensors {
                    let chunk = tensor.shape[axis] * inner
                    bytes.append(contentsOf: tensor.bytes[(o * chunk)..<((o + 1) * chunk)])
                }
            }
        }
        return Tensor(unchecked: first.dtype, shape: shape, bytes: bytes)
    }

    /// Splits along `axis` into pieces of the given sizes, which must add up to the axis length.
    public func split(sizes: [Int], axis: Int = 0) throws(TensorError) -> [Tensor] {
        guard axis >= 0, axis < rank else {
            throw TensorError(.invalidAxis, "axis \(axis) is out of range for rank \(rank)")
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[axis] else {
            throw TensorError(
                .invalidSplit,
                "split sizes \(sizes) do not add up to dimension \(axis) of shape \(shape)"
            )
        }
        var result: [Tensor] = []
        result.reserveCapacity(sizes.count)
        var start = 0
        for size in sizes {
            result.append(try slice(axis: axis, start..<(start + size)))
            start += size
        }
        return result
    }

    /// The sub-tensor whose index along `axis` lies in `range`.
    public func slice(axis: Int = 0, _ range: Range<Int>) throws(TensorError) -> Tensor {
        guard axis >= 0, axis < rank else {
            throw TensorError(.invalidAxis, "axis \(axis) is out of range for rank \(rank)")
        }
        guard range.lowerBound >= 0, range.upperBound <= shape[axis] else {
            throw TensorError(.invalidSplit, "slice \(range) is outside dimension \(axis) of shape \(shape)")
        }
        if range.count == shape[axis] { return self }  // all of it: no copy
        var newShape = shape
        newShape[axis] = range.count
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)

        if dtype == .string {
            let elements = try byteElements()
            var picked: [[UInt8]] = []
            picked.reserveCapacity(outer * range.count * inner)
            for o in 0..<outer {
                let base = o * shape[axis] * inner
                picked.append(contentsOf: elements[(base + range.lowerBound * inner)..<(base + range.upperBound * inner)])
            }
            return try Tensor(byteElements: picked, shape: newShape)
        }

        let size = dtype.byteSize!
        let rowBytes = inner * size
        if axis == 0 || outer == 1 {
            let base = 0
            let slice = bytes[(base + range.lowerBound * rowBytes)..<(base + range.upperBound * rowBytes)]
            return Tensor(unchecked: dtype, shape: newShape, bytes: Array(slice))
        }
        var out: [UInt8] = []
        out.reserveCapacity(outer * range.count * rowBytes)
        for o in 0..<outer {
            let base = o * shape[axis] * rowBytes
            out.append(contentsOf: bytes[(base + range.lowerBound * rowBytes)..<(base + range.upperBound * rowBytes)])
        }
        return Tensor(unchecked: dtype, shape: newShape, bytes: out)
    }

    /// Throws unless `other` can be joined with `self` along `axis`.
    package func checkJoinable(with other: Tensor, axis: Int, index: Int = 0) throws(TensorError) {
        guard other.dtype == dtype else {
            throw TensorError(.dtypeMismatch, "tensor \(index) is \(other.dtype), expected \(dtype)")
        }
        guard other.rank == rank else {
            throw TensorError(
                .shapeMismatch,
                "tensor \(index) has rank \(other.rank) (shape \(other.shape)), expected rank \(rank) (shape \(shape))"
            )
        }
        for d in 0..<rank where d != axis && other.shape[d] != shape[d] {
            throw TensorError(
                .shapeMismatch,
                "tensor \(index) has shape \(other.shape), which differs from \(shape) in dimension \(d)"
            )
        }
    }
}
