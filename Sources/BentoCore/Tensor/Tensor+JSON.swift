/// The two JSON forms of a tensor.
///
/// - *Nested*: arrays nested as deep as the rank, e.g. `[[5.1, 3.5], [4.9, 3.0]]` for shape `[2, 2]`.
///   The shape comes from the nesting.
/// - *Flat*: the Open Inference Protocol's row-major `data` array, with the shape given beside it.
///
/// ```swift
/// let t = try Tensor(json: Array("[[1, 2], [3, 4]]".utf8), dtype: .float32)   // shape [2, 2]
/// let f = try Tensor(jsonData: Array("[1, 2, 3, 4]".utf8), shape: [2, 2], dtype: .float32)
/// String(decoding: t.jsonBytes(), as: UTF8.self)                              // "[[1.0,2.0],[3.0,4.0]]"
/// ```
extension Tensor {
    /// How a tensor is written as JSON.
    public enum JSONForm: Sendable {
        /// Nested arrays, one level per dimension.
        case nested
        /// One flat row-major array; the shape travels separately.
        case flat
    }

    /// Parses nested JSON arrays. The shape comes from the nesting; the dtype is `dtype` when given
    /// (values are converted and range-checked), else inferred: bool, string, int64 when every
    /// number is an integer, float64 otherwise.
    ///
    /// - Parameter name: what to call the tensor in error messages.
    public init(json: [UInt8], dtype: DType? = nil, name: String = "tensor") throws(TensorError) {
        self = try json.withUnsafeBufferPointer { buffer throws(TensorError) in
            var parser = JSONTensorParser(buffer, name: name)
            var end = 0
            return try Tensor.parse(with: &parser, dtype: dtype, name: name, mode: .document, end: &end)
        }
    }

    /// Parses the Open Inference Protocol's flat `data` array (nested arrays are accepted too, as
    /// Triton does) and gives it `shape`. The element count must match the shape.
    public init(jsonData: [UInt8], shape: [Int], dtype: DType, name: String = "tensor") throws(TensorError) {
        let parsed = try Tensor(json: jsonData, dtype: dtype, name: name)
        self = try parsed.reshaped(shape, name: name)
    }

    /// Parses a JSON value embedded in a larger document, starting at byte `start` of `buffer`,
    /// and returns the tensor and the index just past the value.
    package static func parseJSONValue(
        in buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        dtype: DType?,
        name: String
    ) throws(TensorError) -> (tensor: Tensor, end: Int) {
        var parser = JSONTensorParser(buffer, name: name)
        var end = 0
        let tensor = try parse(with: &parser, dtype: dtype, name: name, mode: .embedded(start: start), end: &end)
        return (tensor, end)
    }

    /// The same elements with another shape of the same element count.
    public func reshaped(_ newShape: [Int], name: String = "tensor") throws(TensorError) -> Tensor {
        let newCount = try Tensor.elementCount(of: newShape)
        guard newCount == count else {
            throw TensorError(
                .shapeMismatch,
                "\(name): shape \(newShape) needs \(newCount) elements, the data has \(count)"
            )
        }
        return Tensor(unchecked: dtype, shape: newShape, bytes: bytes)
    }

    /// Where the parser starts and whether it must consume the whole input.
    enum ParseMode {
        case document
        case embedded(start: Int)
    }

    private static func parse(
        with parser: inout JSONTensorParser,
        dtype: DType?,
        name: String,
        mode: ParseMode,
        end: inout Int
    ) throws(TensorError) -> Tensor {
        // Each case runs the parser specialised for its sink, so there is no dynamic dispatch per leaf.
        func typed<S: JSONLeafSink>(
            _ sink: S,
            _ finish: (S, [Int]) throws(TensorError) -> Tensor
        ) throws(TensorError) -> Tensor {
            var sink = sink
            let shape: [Int]
            switch mode {
            case .document:
                shape = try parser.parseDocument(into: &sink)
            case .embedded(let start):
                (shape, end) = try parser.parseValue(from: start, into: &sink)
            }
            return try finish(sink, shape)
        }
        // Floats are written in place into storage sized from the text (a number and its comma
        // take at least 2 bytes; typical ones 6–10), then become the tensor's bytes.
        func floating<T: BinaryFloatingPoint & TensorElement & BitwiseCopyable>(_: T.Type) throws(TensorError) -> Tensor {
            var sink = FloatingSink<T>(name: name, capacity: parser.remainingBytes(from: mode) / 6)
            defer { sink.values.deallocate() }
            let shape: [Int]
            switch mode {
            case .document:
                shape = try parser.parseDocument(into: &sink)
            case .embedded(let start):
                (shape, end) = try parser.parseValue(from: start, into: &sink)
            }
            let count = try Tensor.elementCount(of: shape)
            guard sink.values.count == count else {
                throw TensorError(.byteCountMismatch, "shape \(shape) needs \(count) elements, got \(sink.values.count)")
            }
            return Tensor(unchecked: T.dtype, shape: shape, bytes: sink.values.bytes())
        }
        guard let dtype else {
            return try typed(InferringSink(name: name)) { (s, shape) throws(TensorError) in try s.tensor(shape: shape) }
        }
        switch dtype {
        case .float32: return try floating(Float.self)
        case .float64: return try floating(Double.self)
        case .float16:
            return try typed(HalfSink(name: name)) { (s, shape) throws(TensorError) in
                try Tensor(dtype: .float16, shape: shape, bytes: s.bits.withUnsafeBytes { Array($0) })
            }
        case .int8: return try typed(IntegerSink<Int8>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .int16: return try typed(IntegerSink<Int16>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .int32: return try typed(IntegerSink<Int32>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .int64: return try typed(IntegerSink<Int64>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .uint8: return try typed(IntegerSink<UInt8>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .uint16: return try typed(IntegerSink<UInt16>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .uint32: return try typed(IntegerSink<UInt32>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .uint64: return try typed(IntegerSink<UInt64>(name: name)) { (s, shape) throws(TensorError) in try Tensor(s.values, shape: shape) }
        case .bool: return try typed(BoolSink(name: name)) { (s, shape) throws(TensorError) in try Tensor(dtype: .bool, shape: shape, bytes: s.values) }
        case .string: return try typed(StringSink(name: name)) { (s, shape) throws(TensorError) in try Tensor(byteElements: s.values, shape: shape) }
        }
    }
}
