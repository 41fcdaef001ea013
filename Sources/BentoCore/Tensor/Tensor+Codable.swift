/// `Codable` in the Open Inference Protocol's tensor form: `{"datatype": "FP32", "shape": [2, 2],
/// "data": [1, 2, 3, 4]}` with flat row-major `data`. Handy with `JSONEncoder`/`JSONDecoder` and
/// YAML; the serving path uses the faster byte-level ``Tensor/init(json:dtype:name:)`` instead.
extension Tensor: Codable {
    enum CodingKeys: String, CodingKey {
        case datatype, shape, data
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dtype = try DType(parsing: try c.decode(String.self, forKey: .datatype))
        let shape = try c.decode([Int].self, forKey: .shape)
        switch dtype {
        case .string:
            self = try Tensor(strings: try c.decode([String].self, forKey: .data), shape: shape)
        case .bool:
            self = try Tensor(try c.decode([Bool].self, forKey: .data), shape: shape)
        case .int64:
            self = try Tensor(try c.decode([Int64].self, forKey: .data), shape: shape)
        case .uint64:
            self = try Tensor(try c.decode([UInt64].self, forKey: .data), shape: shape)
        default:
            let values = try c.decode([Double].self, forKey: .data)
            self = try NumericConversion.tensor(from: values, dtype: dtype, shape: shape)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dtype.oipName, forKey: .datatype)
        try c.encode(shape, forKey: .shape)
        switch dtype {
        case .string: try c.encode(try strings(), forKey: .data)
        case .bool: try c.encode(try values(as: Bool.self), forKey: .data)
        case .int64: try c.encode(try values(as: Int64.self), forKey: .data)
        case .uint64: try c.encode(try values(as: UInt64.self), forKey: .data)
        case .float32: try c.encode(try values(as: Float.self), forKey: .data)
        default: try c.encode(try doubleValues(), forKey: .data)
        }
    }
}
