/// Conversions between tensors of any numeric dtype and `Double` / `Int64` arrays, used by the
/// JSON forms and by callers that do not care about the exact element type.
package enum NumericConversion {
    package static func doubles(of tensor: Tensor) throws(TensorError) -> [Double] {
        switch tensor.dtype {
        case .bool: return tensor.bytes.map { $0 != 0 ? 1 : 0 }
        case .int8: return map(tensor, Int8.self) { Double($0) }
        case .int16: return map(tensor, Int16.self) { Double($0) }
        case .int32: return map(tensor, Int32.self) { Double($0) }
        case .int64: return map(tensor, Int64.self) { Double($0) }
        case .uint8: return tensor.bytes.map { Double($0) }
        case .uint16: return map(tensor, UInt16.self) { Double($0) }
        case .uint32: return map(tensor, UInt32.self) { Double($0) }
        case .uint64: return map(tensor, UInt64.self) { Double($0) }
        case .float16: return map(tensor, UInt16.self) { Double(HalfFloat.toFloat($0)) }
        case .float32: return map(tensor, Float.self) { Double($0) }
        case .float64: return map(tensor, Double.self) { $0 }
        case .string: throw TensorError(.dtypeMismatch, "string tensor has no numeric values")
        }
    }

    /// Reads the tensor's bytes as `T` (loading unaligned) and maps each element.
    @inline(__always)
    package static func map<T, R>(_ tensor: Tensor, _: T.Type, _ body: (T) -> R) -> [R] {
        let count = tensor.bytes.count / MemoryLayout<T>.size
        return tensor.bytes.withUnsafeBytes { raw in
            (0..<count).map { body(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    /// Builds a tensor of `dtype` from doubles, rejecting values the dtype cannot represent
    /// exactly (fractions or out-of-range values for integers, anything but 0/1 for bool).
    package static func tensor(
        from values: [Double],
        dtype: DType,
        shape: [Int],
        name: String = "tensor"
    ) throws(TensorError) -> Tensor {
        func integers<T: FixedWidthInteger & TensorElement>(_: T.Type) throws(TensorError) -> Tensor {
            var out = [T]()
            out.reserveCapacity(values.count)
            for (i, v) in values.enumerated() {
                guard let exact = T(exactly: v) else {
                    throw TensorError(.valueOutOfRange, "\(name): element \(i) (\(v)) is not a valid \(dtype)")
                }
                out.append(exact)
            }
            return try Tensor(out, shape: shape)
        }
        switch dtype {
        case .bool:
            var out = [Bool]()
            out.reserveCapacity(values.count)
            for (i, v) in values.enumerated() {
                guard v == 0 || v == 1 else {
                    throw TensorError(.valueOutOfRange, "\(name): element \(i) (\(v)) is not a bool")
                }
                out.append(v == 1)
            }
            return try Tensor(out, shape: shape)
        case .int8: return try integers(Int8.self)
        case .int16: return try integers(Int16.self)
        case .int32: return try integers(Int32.self)
        case .int64: return try integers(Int64.self)
        case .uint8: return try integers(UInt8.self)
        case .uint16: return try integers(UInt16.self)
        case .uint32: return try integers(UInt32.self)
        case .uint64: return try integers(UInt64.self)
        case .float16:
            let halves = values.map { HalfFloat.fromFloat(Float($0)) }
            let count = try Tensor.elementCount(of: shape)
            guard halves.count == count else {
                throw TensorError(.byteCountMismatch, "shape \(shape) needs \(count) elements, got \(halves.count)")
            }
            return Tensor(unchecked: .float16, shape: shape, bytes: halves.withUnsafeBytes { Array($0) })
        case .float32: return try Tensor(values.map { Float($0) }, shape: shape)
        case .float64: return try Tensor(values, shape: shape)
        case .string: throw TensorError(.dtypeMismatch, "\(name): numbers given for a string tensor")
        }
    }
}

/// IEEE 754 binary16 conversion done by hand, so it works on every platform and keeps exact
/// round-to-nearest-even semantics.
package enum HalfFloat {
    package static func toFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: value = mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    package static func fromFloat(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {  // inf or nan
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0)
        }
        let e = exponent - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }  // overflow to infinity
        if e <= 0 {
            // Subnormal half (or zero): shift the implicit bit in, round to nearest even.
            if e < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - e)
            var half = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && (half & 1) == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(e << 10) | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && (half & 1) == 1) {
            half += 1  // may carry into the exponent, which is the right result (up to infinity)
        }
        return sign | UInt16(half)
    }
}
