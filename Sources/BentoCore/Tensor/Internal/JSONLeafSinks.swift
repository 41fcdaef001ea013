/// Sinks that convert JSON leaves straight into one dtype's elements.

/// Elements of one fixed-size type, written in place as they are parsed and grown geometrically;
/// they become the tensor's bytes with one copy. A value type over manually managed memory (a
/// class would add an exclusivity check per element): the owner calls `deallocate()` once.
package struct ElementBuffer<T: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<T>
    private var capacity: Int
    private(set) var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    package mutating func append(_ value: T) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<T>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// The elements' bytes, as a tensor holds them.
    package func bytes() -> [UInt8] {
        let size = count * MemoryLayout<T>.stride
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            if size > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base, byteCount: size) }
            initialized = size
        }
    }

    package func deallocate() { base.deallocate() }
}

/// float32 or float64 elements, each the nearest to its text (as `Float(text)` / `Double(text)`).
package struct FloatingSink<T: BinaryFloatingPoint & TensorElement & BitwiseCopyable>: JSONLeafSink {
    package var values: ElementBuffer<T>
    let name: String
    /// - Parameter capacity: the expected element count (it grows past it when needed).
    package init(name: String, capacity: Int = 0) {
        self.name = name
        values = ElementBuffer(capacity: capacity)
    }
    @inline(__always)
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        if T.self == Float.self {
            values.append(T(JSONNumber.float(number)))
        } else {
            values.append(T(JSONNumber.double(number)))
        }
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a bool, expected a \(T.dtype) number")
    }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a string, expected a \(T.dtype) number")
    }
}

/// float16 elements, kept as their bit patterns.
package struct HalfSink: JSONLeafSink {
    package var bits: [UInt16] = []
    let name: String
    package init(name: String) { self.name = name }
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        bits.append(HalfFloat.fromFloat(JSONNumber.float(number)))
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a bool, expected a float16 number")
    }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a string, expected a float16 number")
    }
}

package struct IntegerSink<T: FixedWidthInteger & TensorElement>: JSONLeafSink {
    package var values: [T] = []
    let name: String
    package init(name: String) { self.name = name }
    @inline(__always)
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        let token = number.text
        if number.isInteger {
            if let v = JSONNumber.int64(token), let exact = T(exactly: v) {
                values.append(exact)
                return
            }
            if T.self == UInt64.self, let v = JSONNumber.uint64(token) {
                values.append(T(v))
                return
            }
        } else if let exact = T(exactly: JSONNumber.double(number)) {
            values.append(exact)  // 2.0 is accepted as 2
            return
        }
        let text = String(decoding: token, as: UTF8.self)
        throw TensorError(.valueOutOfRange, "\(name): element \(index) (\(text)) is not a valid \(T.dtype)")
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a bool, expected a \(T.dtype) integer")
    }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a string, expected a \(T.dtype) integer")
    }
}

package struct BoolSink: JSONLeafSink {
    package var values: [UInt8] = []
    let name: String
    package init(name: String) { self.name = name }
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        let token = number.text
        switch JSONNumber.int64(token) {
        case 0 where number.isInteger: values.append(0)
        case 1 where number.isInteger: values.append(1)
        default:
            let text = String(decoding: token, as: UTF8.self)
            throw TensorError(.valueOutOfRange, "\(name): element \(index) (\(text)) is not a bool")
        }
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) { values.append(value ? 1 : 0) }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a string, expected a bool")
    }
}

package struct StringSink: JSONLeafSink {
    package var values: [[UInt8]] = []
    let name: String
    package init(name: String) { self.name = name }
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a number, expected a string")
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) {
        throw TensorError(.dtypeMismatch, "\(name): element \(index) is a bool, expected a string")
    }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) { values.append(value) }
}

/// Infers the dtype from the leaves: all bools → bool, all strings → string, all integer
/// tokens that fit → int64, any other number → float64.
package struct InferringSink: JSONLeafSink {
    enum Kind { case none, bool, string, number }
    var kind = Kind.none
    var bools: [UInt8] = []
    var strings: [[UInt8]] = []
    var integers: [Int64] = []
    var doubles: [Double] = []
    var allIntegers = true
    let name: String
    package init(name: String) { self.name = name }

    private mutating func expect(_ k: Kind, at index: Int) throws(TensorError) {
        if kind == .none { kind = k }
        guard kind == k else {
            throw TensorError(.dtypeMismatch, "\(name): element \(index) has a different type from element 0")
        }
    }
    package mutating func number(_ number: JSONNumberToken, at index: Int) throws(TensorError) {
        try expect(.number, at: index)
        doubles.append(JSONNumber.double(number))
        if allIntegers {
            if number.isInteger, let v = JSONNumber.int64(number.text) {
                integers.append(v)
            } else {
                allIntegers = false
            }
        }
    }
    package mutating func bool(_ value: Bool, at index: Int) throws(TensorError) {
        try expect(.bool, at: index)
        bools.append(value ? 1 : 0)
    }
    package mutating func string(_ value: [UInt8], at index: Int) throws(TensorError) {
        try expect(.string, at: index)
        strings.append(value)
    }

    package func tensor(shape: [Int]) throws(TensorError) -> Tensor {
        switch kind {
        case .none: return try Tensor([Float](), shape: shape)  // empty array: float32 by convention
        case .bool: return Tensor(unchecked: .bool, shape: shape, bytes: bools)
        case .string: return try Tensor(byteElements: strings, shape: shape)
        case .number: return allIntegers ? try Tensor(integers, shape: shape) : try Tensor(doubles, shape: shape)
        }
    }
}
