#if _endian(big)
#error("SwiftBento stores tensors little-endian and supports little-endian hosts only")
#endif

/// The element type of a ``Tensor``.
///
/// Raw values are the names used in `model.yaml` (`float32`, `int64`, `string`, …);
/// ``oipName`` gives the Open Inference Protocol spelling (`FP32`, `INT64`, `BYTES`, …).
///
/// ```swift
/// let dtype = try DType(parsing: "FP32")   // .float32
/// dtype.byteSize                           // 4
/// ```
public enum DType: String, Sendable, Hashable, CaseIterable, Codable {
    case bool
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float16, float32, float64
    /// Variable-length byte strings (the Open Inference Protocol's `BYTES`).
    case string

    /// Size in bytes of one element, or `nil` for ``string``, whose elements vary in length.
    public var byteSize: Int? {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        case .string: nil
        }
    }

    /// The Open Inference Protocol (KServe v2) name of this dtype.
    public var oipName: String {
        switch self {
        case .bool: "BOOL"
        case .int8: "INT8"
        case .int16: "INT16"
        case .int32: "INT32"
        case .int64: "INT64"
        case .uint8: "UINT8"
        case .uint16: "UINT16"
        case .uint32: "UINT32"
        case .uint64: "UINT64"
        case .float16: "FP16"
        case .float32: "FP32"
        case .float64: "FP64"
        case .string: "BYTES"
        }
    }

    /// Whether elements are floating-point numbers.
    public var isFloatingPoint: Bool { self == .float16 || self == .float32 || self == .float64 }

    /// Whether elements are signed or unsigned integers.
    public var isInteger: Bool { !isFloatingPoint && self != .bool && self != .string }

    /// Parses a dtype from its `model.yaml` name, its Open Inference Protocol name, or a common
    /// alias (`float`, `double`, `fp32`, `str`, `bytes`, numpy's `float32` …). Case-insensitive.
    public init(parsing text: String) throws(TensorError) {
        let key = text.lowercased()
        if let direct = DType(rawValue: key) {
            self = direct
            return
        }
        switch key {
        case "boolean": self = .bool
        case "fp16", "half": self = .float16
        case "fp32", "float": self = .float32
        case "fp64", "double": self = .float64
        case "bytes", "str", "object": self = .string
        default:
            throw TensorError(
                .unknownDType,
                "unknown dtype '\(text)'; expected one of \(DType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }
}

extension DType: CustomStringConvertible {
    public var description: String { rawValue }
}
