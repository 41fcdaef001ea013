import BentoCore

/// `ONNXTensorElementDataType` values and their SwiftBento dtypes.
enum OrtElementType {
    /// FLOAT 1, UINT8 2, INT8 3, UINT16 4, INT16 5, INT32 6, INT64 7, STRING 8, BOOL 9,
    /// FLOAT16 10, DOUBLE 11, UINT32 12, UINT64 13 (then complex, bfloat16, float8, int4 …).
    static func code(of dtype: DType) -> Int32 {
        switch dtype {
        case .float32: 1
        case .uint8: 2
        case .int8: 3
        case .uint16: 4
        case .int16: 5
        case .int32: 6
        case .int64: 7
        case .string: 8
        case .bool: 9
        case .float16: 10
        case .float64: 11
        case .uint32: 12
        case .uint64: 13
        }
    }

    static func dtype(of code: Int32) -> DType? {
        switch code {
        case 1: .float32
        case 2: .uint8
        case 3: .int8
        case 4: .uint16
        case 5: .int16
        case 6: .int32
        case 7: .int64
        case 8: .string
        case 9: .bool
        case 10: .float16
        case 11: .float64
        case 12: .uint32
        case 13: .uint64
        default: nil
        }
    }

    /// ONNX's name for an element type code, for error messages.
    static func name(of code: Int32) -> String {
        let names = [
            0: "undefined", 14: "complex64", 15: "complex128", 16: "bfloat16", 17: "float8e4m3fn",
            18: "float8e4m3fnuz", 19: "float8e5m2", 20: "float8e5m2fnuz", 21: "uint4", 22: "int4",
        ]
        if let dtype = dtype(of: code) { return dtype.rawValue }
        return names[Int(code)] ?? "element type \(code)"
    }
}
