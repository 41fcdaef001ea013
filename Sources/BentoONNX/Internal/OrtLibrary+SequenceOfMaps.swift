import BentoCore

/// The tensor form of a sequence of maps (scikit-learn's ZipMap output, `seq(map(int64, float))`):
/// a `[N, K]` tensor of the map values, row `i` from sequence element `i`, columns in ascending
/// key order; the keys come back separately as an `int64` or `string` `[K]` tensor.
extension OrtLibrary {
    func mapRows(from value: OpaquePointer, name: String, key: DType, value valueType: DType) throws -> (Tensor, Tensor)
    {
        var type: Int32 = 0
        try check(api.getValueType(value, &type), .invalidOutput) { "output '\(name)': no value type" }
        guard type == OrtConstant.typeSequence else {
            throw ONNXError(
                .invalidOutput, "output '\(name)' was declared a sequence of maps but came back as ONNX type \(type)")
        }
        var rows = 0
        try check(api.getValueCount(value, &rows), .invalidOutput) { "output '\(name)': no sequence length" }
        var columnKeys: [Tensor.MapKey]? = nil
        var order: [Int] = []
        var bytes: [UInt8] = []
        let size = valueType.byteSize!
        for row in 0..<rows {
            let (keys, values) = try mapEntry(of: value, at: row, name: name)
            let rowKeys = try Tensor.MapKey.keys(of: keys)
            guard values.dtype == valueType, values.count == rowKeys.count else {
                throw ONNXError(
                    .invalidOutput,
                    "output '\(name)': map \(row) has \(values.count) \(values.dtype) values for \(rowKeys.count) keys")
            }
            if columnKeys == nil {
                order = rowKeys.indices.sorted { rowKeys[$0] < rowKeys[$1] }
                columnKeys = order.map { rowKeys[$0] }
                bytes.reserveCapacity(rows * order.count * size)
            }
            let sortedRow = order.map { rowKeys[$0] }
            guard sortedRow == columnKeys! else {
                throw ONNXError(
                    .invalidOutput,
                    "output '\(name)': map \(row) has different keys from map 0, so the maps do not form a table")
            }
            values.bytes.withUnsafeBytes { raw in
                for index in order {
                    bytes.append(contentsOf: raw[(index * size)..<((index + 1) * size)])
                }
            }
        }
        let keys = columnKeys ?? []
        let table = Tensor(unchecked: valueType, shape: [rows, keys.count], bytes: bytes)
        return (table, try Tensor.MapKey.tensor(of: keys, dtype: key))
    }

    /// The keys and values tensors of the map at `index` in a sequence.
    private func mapEntry(of sequence: OpaquePointer, at index: Int, name: String) throws -> (Tensor, Tensor) {
        var map: OpaquePointer?
        try check(api.getValue(sequence, Int32(index), allocator, &map), .invalidOutput) {
            "output '\(name)': element \(index)"
        }
        guard let map else { throw ONNXError(.invalidOutput, "output '\(name)': element \(index) is null") }
        defer { api.releaseValue(map) }
        var keys: OpaquePointer?
        var values: OpaquePointer?
        defer {
            api.releaseValue(keys)
            api.releaseValue(values)
        }
        try check(api.getValue(map, 0, allocator, &keys), .invalidOutput) { "output '\(name)': keys of map \(index)" }
        try check(api.getValue(map, 1, allocator, &values), .invalidOutput) {
            "output '\(name)': values of map \(index)"
        }
        guard let keys, let values else { throw ONNXError(.invalidOutput, "output '\(name)': map \(index) is empty") }
        return (try tensor(from: keys, name: name), try tensor(from: values, name: name))
    }
}

extension Tensor {
    /// A map key: an integer or a string, ordered integers first by value, strings by bytes.
    enum MapKey: Hashable, Comparable {
        case int(Int64)
        case string([UInt8])

        static func < (a: MapKey, b: MapKey) -> Bool {
            switch (a, b) {
            case (.int(let x), .int(let y)): x < y
            case (.string(let x), .string(let y)): x.lexicographicallyPrecedes(y)
            case (.int, .string): true
            case (.string, .int): false
            }
        }

        static func keys(of tensor: Tensor) throws -> [MapKey] {
            switch tensor.dtype {
            case .int64: try tensor.values(as: Int64.self).map(MapKey.int)
            case .string: try tensor.byteElements().map(MapKey.string)
            default: throw ONNXError(.invalidOutput, "map keys of dtype \(tensor.dtype) are not supported")
            }
        }

        static func tensor(of keys: [MapKey], dtype: DType) throws -> Tensor {
            if dtype == .string {
                let strings: [[UInt8]] = keys.map {
                    if case .string(let s) = $0 { return s }
                    return []
                }
                return try Tensor(byteElements: strings, shape: [keys.count])
            }
            let integers: [Int64] = keys.map {
                if case .int(let i) = $0 { return i }
                return 0
            }
            return try Tensor(integers, shape: [keys.count])
        }
    }
}
