import BentoCore

/// What one model input or output holds, as read from its `OrtTypeInfo`.
enum OrtValueKind: Sendable, Hashable {
    /// A tensor, described by its spec.
    case tensor
    /// A sequence of maps (scikit-learn's ZipMap): delivered as a `[N, keys]` tensor of the map
    /// values, columns in ascending key order.
    case sequenceOfMaps(key: DType, value: DType)
}

extension OrtLibrary {
    /// Reads a type info into a spec named `name`, and the kind of value it describes.
    func describe(_ typeInfo: OpaquePointer, name: String, role: String) throws(ONNXError) -> (TensorSpec, OrtValueKind)
    {
        var onnxType: Int32 = 0
        try check(api.getOnnxTypeFromTypeInfo(typeInfo, &onnxType), .unsupportedType) { "\(role) '\(name)': no type" }
        switch onnxType {
        case OrtConstant.typeTensor:
            return (try tensorSpec(typeInfo, name: name, role: role), .tensor)
        case OrtConstant.typeSequence:
            var sequenceInfo: OpaquePointer?
            try check(api.castTypeInfoToSequenceTypeInfo(typeInfo, &sequenceInfo), .unsupportedType) {
                "\(role) '\(name)': not a sequence"
            }
            var element: OpaquePointer?
            if let sequenceInfo {
                try check(api.getSequenceElementType(sequenceInfo, &element), .unsupportedType) {
                    "\(role) '\(name)': no sequence element type"
                }
            }
            guard let element else { throw unsupported(name, role, "a sequence of an unknown type") }
            defer { api.releaseTypeInfo(element) }
            var elementType: Int32 = 0
            try check(api.getOnnxTypeFromTypeInfo(element, &elementType), .unsupportedType) { "\(role) '\(name)'" }
            guard elementType == OrtConstant.typeMap else {
                throw unsupported(
                    name, role, "a sequence of \(elementType == OrtConstant.typeTensor ? "tensors" : "non-maps")")
            }
            let (key, value) = try mapTypes(element, name: name, role: role)
            let spec = TensorSpec(name: name, dtype: value, shape: [-1, -1])
            return (spec, .sequenceOfMaps(key: key, value: value))
        case OrtConstant.typeMap:
            throw unsupported(name, role, "a map")
        default:
            throw unsupported(name, role, "ONNX type \(onnxType) (not a tensor)")
        }
    }

    private func mapTypes(_ mapTypeInfo: OpaquePointer, name: String, role: String) throws(ONNXError) -> (DType, DType)
    {
        var mapInfo: OpaquePointer?
        try check(api.castTypeInfoToMapTypeInfo(mapTypeInfo, &mapInfo), .unsupportedType) {
            "\(role) '\(name)': not a map"
        }
        guard let mapInfo else { throw unsupported(name, role, "a sequence of unknown maps") }
        var keyCode: Int32 = 0
        try check(api.getMapKeyType(mapInfo, &keyCode), .unsupportedType) { "\(role) '\(name)': no map key type" }
        var valueInfo: OpaquePointer?
        try check(api.getMapValueType(mapInfo, &valueInfo), .unsupportedType) { "\(role) '\(name)': no map value type" }
        guard let valueInfo else { throw unsupported(name, role, "a sequence of maps with unknown values") }
        defer { api.releaseTypeInfo(valueInfo) }
        let valueSpec = try tensorSpec(valueInfo, name: name, role: role)
        guard let key = OrtElementType.dtype(of: keyCode), key == .int64 || key == .string,
            valueSpec.dtype != .string
        else {
            throw unsupported(
                name, role,
                "a sequence of map(\(OrtElementType.name(of: keyCode)), \(valueSpec.dtype)) (only int64 or string keys to numbers convert)"
            )
        }
        return (key, valueSpec.dtype)
    }

    /// The spec of a tensor type info: dtype, shape (`-1` for dynamic), symbolic dimension names.
    func tensorSpec(_ typeInfo: OpaquePointer, name: String, role: String) throws(ONNXError) -> TensorSpec {
        var info: OpaquePointer?
        try check(api.castTypeInfoToTensorInfo(typeInfo, &info), .unsupportedType) { "\(role) '\(name)': not a tensor" }
        guard let info else { throw unsupported(name, role, "not a tensor") }
        var code: Int32 = 0
        try check(api.getTensorElementType(info, &code), .unsupportedType) { "\(role) '\(name)': no element type" }
        guard let dtype = OrtElementType.dtype(of: code) else {
            throw unsupported(name, role, "a tensor of \(OrtElementType.name(of: code))")
        }
        var rank = 0
        try check(api.getDimensionsCount(info, &rank), .unsupportedType) { "\(role) '\(name)': no rank" }
        var dims = [Int64](repeating: 0, count: rank)
        var symbols = [UnsafePointer<CChar>?](repeating: nil, count: rank)
        try check(api.getDimensions(info, &dims, rank), .unsupportedType) { "\(role) '\(name)': no dimensions" }
        try check(api.getSymbolicDimensions(info, &symbols, rank), .unsupportedType) {
            "\(role) '\(name)': no dimension names"
        }
        let names: [String?] = symbols.map { pointer in
            guard let pointer, pointer.pointee != 0 else { return nil }
            return String(cString: pointer)
        }
        let shape = dims.map { $0 < 0 ? -1 : Int($0) }
        return TensorSpec(
            name: name,
            dtype: dtype,
            shape: shape,
            dimensionNames: names.contains { $0 != nil } ? names : nil
        )
    }

    private func unsupported(_ name: String, _ role: String, _ what: String) -> ONNXError {
        ONNXError(
            .unsupportedType,
            "\(role) '\(name)' is \(what), which SwiftBento cannot convert to a tensor; "
                + "export the model with tensor \(role)s (for skl2onnx classifiers: options={id(model): {'zipmap': False}})"
        )
    }
}
