/// Padding along an axis, and the matching slicing back: how variable-length inputs share a batch.
extension Tensor {
    /// This tensor lengthened along `axis` to `length`, the new elements set to `value`
    /// (converted to the dtype; string tensors pad with empty strings).
    ///
    /// ```swift
    /// let ids = try Tensor([101, 7, 102] as [Int64], shape: [1, 3])
    /// let padded = try ids.padded(axis: 1, to: 5, with: 0)   // [[101, 7, 102, 0, 0]]
    /// ```
    ///
    /// - Throws: ``TensorError/Code/invalidAxis`` for an axis out of range,
    ///   ``TensorError/Code/invalidShape`` when `length` is shorter than the axis,
    ///   ``TensorError/Code/valueOutOfRange`` when `value` does not fit the dtype.
    public func padded(axis: Int, to length: Int, with value: Double = 0) throws(TensorError) -> Tensor {
        guard axis >= 0, axis < rank else {
            throw TensorError(.invalidAxis, "axis \(axis) is out of range for rank \(rank)")
        }
        guard length >= shape[axis] else {
            throw TensorError(.invalidShape, "cannot pad dimension \(axis) of shape \(shape) down to \(length)")
        }
        if length == shape[axis] { return self }
        var padShape = shape
        padShape[axis] = length - shape[axis]
        let fill = try Tensor.filled(with: value, dtype: dtype, shape: padShape)
        return try Tensor.concatenate([self, fill], axis: axis)
    }

    /// The first `length` entries along `axis`: undoes ``padded(axis:to:with:)``.
    public func truncated(axis: Int, to length: Int) throws(TensorError) -> Tensor {
        try slice(axis: axis, 0..<length)
    }

    /// A tensor of `shape` whose every element is `value`.
    package static func filled(with value: Double, dtype: DType, shape: [Int]) throws(TensorError) -> Tensor {
        let count = try elementCount(of: shape)
        if dtype == .string {
            return try Tensor(byteElements: Array(repeating: [], count: count), shape: shape)
        }
        let one = try NumericConversion.tensor(from: [value], dtype: dtype, shape: [], name: "padding value")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(one.bytes.count * count)
        for _ in 0..<count { bytes.append(contentsOf: one.bytes) }
        return Tensor(unchecked: dtype, shape: shape, bytes: bytes)
    }
}
