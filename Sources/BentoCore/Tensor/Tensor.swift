/// A dtype, a shape, and the elements as contiguous little-endian row-major bytes.
///
/// `Tensor` is the one value that crosses every boundary in SwiftBento: API handlers, runners,
/// the Open Inference Protocol and ONNX Runtime all exchange it.
///
/// Fixed-size dtypes hold `count × dtype.byteSize` bytes. ``DType/string`` tensors hold each
/// element as a 4-byte little-endian length followed by that many bytes (the Open Inference
/// Protocol's `BYTES` layout), one after another in row-major order.
///
/// ```swift
/// let x = try Tensor([5.1, 3.5, 1.4, 0.2] as [Float], shape: [1, 4])
/// let rows = try Tensor.concatenate([x, x], axis: 0)   // shape [2, 4]
/// let values = try rows.values(as: Float.self)
/// ```
public struct Tensor: Sendable, Hashable {
    /// The element type.
    public let dtype: DType
    /// The dimensions, outermost first. `[]` is a scalar (rank 0, one element).
    public let shape: [Int]
    /// The elements, row-major, little-endian (see the type's documentation for strings).
    public let bytes: [UInt8]

    /// Creates a tensor from raw bytes, checking that they hold exactly the elements the shape
    /// and dtype call for.
    public init(dtype: DType, shape: [Int], bytes: [UInt8]) throws(TensorError) {
        let count = try Tensor.elementCount(of: shape)
        if let size = dtype.byteSize {
            guard bytes.count == count &* size else {
                throw TensorError(
                    .byteCountMismatch,
                    "\(dtype) tensor of shape \(shape) needs \(count) × \(size) = \(count &* size) bytes, got \(bytes.count)"
                )
            }
        } else {
            let found = try StringElements.count(in: bytes)
            guard found == count else {
                throw TensorError(
                    .byteCountMismatch,
                    "string tensor of shape \(shape) needs \(count) elements, its bytes hold \(found)"
                )
            }
        }
        self.init(unchecked: dtype, shape: shape, bytes: bytes)
    }

    /// Creates a tensor without validation. The caller guarantees the invariant.
    package init(unchecked dtype: DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// The number of elements: the product of the shape (1 for a scalar).
    public var count: Int { shape.reduce(1, &*) }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Product of `shape`, checking for negative dimensions and overflow.
    package static func elementCount(of shape: [Int]) throws(TensorError) -> Int {
        var count = 1
        for (axis, dim) in shape.enumerated() {
            guard dim >= 0 else {
                throw TensorError(.invalidShape, "dimension \(axis) of shape \(shape) is negative")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw TensorError(.invalidShape, "shape \(shape) has too many elements") }
            count = product
        }
        return count
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(\(dtype), shape: \(shape))" }
}

// MARK: - Typed construction and access

/// A Swift type that can be a ``Tensor`` element: `Bool`, the fixed-width integers, `Float16`,
/// `Float` and `Double`.
public protocol TensorElement: Sendable {
    /// The dtype a tensor of this element type has.
    static var dtype: DType { get }
}

extension Bool: TensorElement { public static var dtype: DType { .bool } }
extension Int8: TensorElement { public static var dtype: DType { .int8 } }
extension Int16: TensorElement { public static var dtype: DType { .int16 } }
extension Int32: TensorElement { public static var dtype: DType { .int32 } }
extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension UInt16: TensorElement { public static var dtype: DType { .uint16 } }
extension UInt32: TensorElement { public static var dtype: DType { .uint32 } }
extension UInt64: TensorElement { public static var dtype: DType { .uint64 } }
#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
extension Float16: TensorElement { public static var dtype: DType { .float16 } }
#endif
extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Double: TensorElement { public static var dtype: DType { .float64 } }

extension Tensor {
    /// Creates a tensor from typed values in row-major order.
    ///
    /// - Throws: ``TensorError/Code/byteCountMismatch`` when `values.count` is not the shape's
    ///   element count.
    public init<T: TensorElement>(_ values: [T], shape: [Int]) throws(TensorError) {
        let count = try Tensor.elementCount(of: shape)
        guard values.count == count else {
            throw TensorError(
                .byteCountMismatch,
                "shape \(shape) needs \(count) elements, got \(values.count)"
            )
        }
        let bytes: [UInt8]
        if T.self == Bool.self {
            bytes = values.map { ($0 as! Bool) ? 1 : 0 }
        } else {
            bytes = values.withUnsafeBytes { Array($0) }
        }
        self.init(unchecked: T.dtype, shape: shape, bytes: bytes)
    }

    /// Creates a rank-1 tensor from typed values.
    public init<T: TensorElement>(_ values: [T]) {
        // A rank-1 shape always matches its own count.
        try! self.init(values, shape: [values.count])
    }

    /// Creates a scalar (rank 0) tensor.
    public init<T: TensorElement>(scalar value: T) {
        try! self.init([value], shape: [])
    }

    /// The elements as typed values, row-major.
    ///
    /// - Throws: ``TensorError/Code/dtypeMismatch`` when `T` is not this tensor's element type.
    public func values<T: TensorElement>(as type: T.Type = T.self) throws(TensorError) -> [T] {
        guard T.dtype == dtype else {
            throw TensorError(.dtypeMismatch, "tensor is \(dtype), not \(T.dtype)")
        }
        if T.self == Bool.self {
            return bytes.map { ($0 != 0) as! T }
        }
        let count = bytes.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }

    /// The elements of any numeric or bool dtype, converted to `Double` (bool is 0 or 1).
    ///
    /// - Throws: ``TensorError/Code/dtypeMismatch`` for string tensors.
    public func doubleValues() throws(TensorError) -> [Double] {
        try NumericConversion.doubles(of: self)
    }
}

// MARK: - Strings

extension Tensor {
    /// Creates a string tensor from UTF-8 strings in row-major order.
    public init(strings: [String], shape: [Int]) throws(TensorError) {
        try self.init(byteElements: strings.map { Array($0.utf8) }, shape: shape)
    }

    /// Creates a string (`BYTES`) tensor whose elements are arbitrary byte sequences.
    public init(byteElements elements: [[UInt8]], shape: [Int]) throws(TensorError) {
        let count = try Tensor.elementCount(of: shape)
        guard elements.count == count else {
            throw TensorError(
                .byteCountMismatch,
                "shape \(shape) needs \(count) elements, got \(elements.count)"
            )
        }
        self.init(unchecked: .string, shape: shape, bytes: try StringElements.encode(elements))
    }

    /// The elements of a string tensor as byte sequences.
    public func byteElements() throws(TensorError) -> [[UInt8]] {
        guard dtype == .string else { throw TensorError(.dtypeMismatch, "tensor is \(dtype), not string") }
        return try StringElements.decode(bytes)
    }

    /// The elements of a string tensor decoded as UTF-8 (invalid sequences are repaired).
    public func strings() throws(TensorError) -> [String] {
        try byteElements().map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The length-prefixed layout of string tensor bytes.
package enum StringElements {
    /// Counts the elements in `bytes`, checking that every length prefix fits.
    package static func count(in bytes: [UInt8]) throws(TensorError) -> Int {
        var offset = 0
        var count = 0
        while offset < bytes.count {
            offset = try next(in: bytes, at: offset).upperBound
            count += 1
        }
        return count
    }

    /// The range of the element whose length prefix starts at `offset`.
    package static func next(in bytes: [UInt8], at offset: Int) throws(TensorError) -> Range<Int> {
        guard offset + 4 <= bytes.count else {
            throw TensorError(.invalidStringData, "string tensor bytes end inside a length prefix at byte \(offset)")
        }
        let length =
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
            | Int(bytes[offset + 3]) << 24
        let start = offset + 4
        guard length <= bytes.count - start else {
            throw TensorError(
                .invalidStringData,
                "string element at byte \(offset) claims \(length) bytes, only \(bytes.count - start) remain"
            )
        }
        return start..<(start + length)
    }

    package static func decode(_ bytes: [UInt8]) throws(TensorError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let range = try next(in: bytes, at: offset)
            result.append(Array(bytes[range]))
            offset = range.upperBound
        }
        return result
    }

    package static func encode(_ elements: [[UInt8]]) throws(TensorError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(elements.reduce(0) { $0 + 4 + $1.count })
        for element in elements {
            guard element.count <= Int(UInt32.max) else {
                throw TensorError(.invalidStringData, "a string element is longer than 4 GiB")
            }
            let n = UInt32(element.count)
            out.append(UInt8(truncatingIfNeeded: n))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
            out.append(UInt8(truncatingIfNeeded: n >> 16))
            out.append(UInt8(truncatingIfNeeded: n >> 24))
            out.append(contentsOf: element)
        }
        return out
    }
}
