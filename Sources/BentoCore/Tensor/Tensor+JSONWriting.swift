extension Tensor {
    /// The tensor as JSON: nested arrays (the default) or one flat row-major array.
    ///
    /// Floats are written in their shortest form that reads back to the same value; NaN and
    /// infinities, which JSON cannot express, are written as `null`. String elements are written
    /// as JSON strings (invalid UTF-8 is replaced by U+FFFD).
    public func jsonBytes(_ form: JSONForm = .nested) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 8 + 16)
        writeJSON(into: &out, form: form)
        return out
    }

    /// Appends the tensor's JSON to `out`.
    package func writeJSON(into out: inout [UInt8], form: JSONForm = .nested) {
        if dtype == .string {
            let elements = (try? byteElements()) ?? []
            writeArray(into: &out, form: form) { out, i in JSONWriter.string(elements[i], into: &out) }
            return
        }
        bytes.withUnsafeBytes { raw in
            switch dtype {
            case .bool: writeArray(into: &out, form: form) { out, i in JSONWriter.literal(raw[i] != 0 ? "true" : "false", into: &out) }
            case .int8: writeIntegers(raw, Int8.self, into: &out, form: form)
            case .int16: writeIntegers(raw, Int16.self, into: &out, form: form)
            case .int32: writeIntegers(raw, Int32.self, into: &out, form: form)
            case .int64: writeIntegers(raw, Int64.self, into: &out, form: form)
            case .uint8: writeIntegers(raw, UInt8.self, into: &out, form: form)
            case .uint16: writeIntegers(raw, UInt16.self, into: &out, form: form)
            case .uint32: writeIntegers(raw, UInt32.self, into: &out, form: form)
            case .uint64: writeIntegers(raw, UInt64.self, into: &out, form: form)
            case .float16:
                writeArray(into: &out, form: form) { out, i in
                    JSONWriter.float(HalfFloat.toFloat(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)), into: &out)
                }
            case .float32:
                writeArray(into: &out, form: form) { out, i in
                    JSONWriter.float(raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self), into: &out)
                }
            case .float64:
                writeArray(into: &out, form: form) { out, i in
                    JSONWriter.float(raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self), into: &out)
                }
            case .string: break
            }
        }
    }

    private func writeIntegers<T: FixedWidthInteger>(
        _ raw: UnsafeRawBufferPointer,
        _: T.Type,
        into out: inout [UInt8],
        form: JSONForm
    ) {
        writeArray(into: &out, form: form) { out, i in
            JSONWriter.integer(raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self), into: &out)
        }
    }

    /// Writes brackets for `form` and calls `element` for each flat index in row-major order.
    @inline(__always)
    private func writeArray(into out: inout [UInt8], form: JSONForm, element: (inout [UInt8], Int) -> Void) {
        if form == .flat || rank <= 1 {
            if rank == 0 && form == .nested {
                element(&out, 0)
                return
            }
            out.append(UInt8(ascii: "["))
            for i in 0..<count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element(&out, i)
            }
            out.append(UInt8(ascii: "]"))
            return
        }
        var index = 0
        func level(_ depth: Int) {
            out.append(UInt8(ascii: "["))
            let n = shape[depth]
            for k in 0..<n {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if depth == rank - 1 {
                    element(&out, index)
                    index += 1
                } else {
                    level(depth + 1)
                }
            }
            out.append(UInt8(ascii: "]"))
        }
        level(0)
    }
}

/// Low-level JSON writing of scalars.
package enum JSONWriter {
    @inline(__always)
    package static func literal(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    package static func integer<T: FixedWidthInteger>(_ value: T, into out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        // Digits of the magnitude, written backwards into a small stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var n = 0
            while magnitude > 0 {
                let (q, r) = magnitude.quotientAndRemainder(dividingBy: 10)
                buffer[n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: r)
                n += 1
                magnitude = q
            }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            while n > 0 {
                n -= 1
                out.append(buffer[n])
            }
        }
    }

    @inline(__always)
    package static func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T, into out: inout [UInt8]) {
        guard value.isFinite else {
            literal("null", into: &out)
            return
        }
        // Swift's description is the shortest text that reads back to the same value.
        out.append(contentsOf: value.description.utf8)
    }

    package static func string(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let text = String(decoding: bytes, as: UTF8.self)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): literal("\\\"", into: &out)
            case UInt8(ascii: "\\"): literal("\\\\", into: &out)
            case 0x0A: literal("\\n", into: &out)
            case 0x0D: literal("\\r", into: &out)
            case 0x09: literal("\\t", into: &out)
            case 0..<0x20:
                literal("\\u00", into: &out)
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
