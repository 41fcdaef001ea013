import BentoCore

/// Conversions between ``Tensor`` and `OrtValue`.
extension OrtLibrary {
    /// A tensor `OrtValue` over `raw`, which must stay valid (and unchanged) until it is released.
    func numericValue(borrowing raw: UnsafeRawBufferPointer, of tensor: Tensor, name: String) throws -> OpaquePointer {
        let shape = tensor.shape.map(Int64.init)
        var value: OpaquePointer?
        let data = raw.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) } ?? Self.emptyData
        let status = shape.withUnsafeBufferPointer { dims in
            api.createTensorWithDataAsOrtValue(
                cpuMemoryInfo, data, raw.count, dims.baseAddress, dims.count, OrtElementType.code(of: tensor.dtype),
                &value
            )
        }
        try check(status, .invalidInput) { "input '\(name)' could not be passed to ONNX Runtime" }
        guard let value else {
            throw ONNXError(.invalidInput, "input '\(name)': CreateTensorWithDataAsOrtValue returned null")
        }
        return value
    }

    /// A string tensor `OrtValue` holding a copy of the tensor's elements.
    func stringValue(from tensor: Tensor, name: String) throws -> OpaquePointer {
        let elements = try tensor.byteElements()
        // FillStringTensor takes NUL-terminated strings: lay them out in one buffer.
        var buffer: [CChar] = []
        buffer.reserveCapacity(elements.reduce(0) { $0 + $1.count + 1 })
        var offsets: [Int] = []
        offsets.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            if element.contains(0) {
                throw ONNXError(
                    .invalidInput,
                    "input '\(name)': string element \(index) contains a NUL byte, which ONNX Runtime's string tensors cannot take"
                )
            }
            offsets.append(buffer.count)
            buffer.append(contentsOf: element.map { CChar(bitPattern: $0) })
            buffer.append(0)
        }
        let shape = tensor.shape.map(Int64.init)
        var value: OpaquePointer?
        let created = shape.withUnsafeBufferPointer { dims in
            api.createTensorAsOrtValue(
                allocator, dims.baseAddress, dims.count, OrtElementType.code(of: .string), &value)
        }
        try check(created, .invalidInput) { "input '\(name)': could not create a string tensor" }
        guard let value else { throw ONNXError(.invalidInput, "input '\(name)': CreateTensorAsOrtValue returned null") }
        let filled = buffer.withUnsafeBufferPointer { chars in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { chars.baseAddress! + $0 }
            return pointers.withUnsafeBufferPointer { api.fillStringTensor(value, $0.baseAddress, $0.count) }
        }
        do {
            try check(filled, .invalidInput) { "input '\(name)': could not fill the string tensor" }
        } catch {
            api.releaseValue(value)
            throw error
        }
        return value
    }

    /// Copies a tensor `OrtValue` out into a ``Tensor``.
    func tensor(from value: OpaquePointer, name: String) throws -> Tensor {
        var info: OpaquePointer?
        try check(api.getTensorTypeAndShape(value, &info), .invalidOutput) { "output '\(name)' is not a tensor" }
        guard let info else { throw ONNXError(.invalidOutput, "output '\(name)' has no type and shape") }
        defer { api.releaseTensorTypeAndShapeInfo(info) }
        var code: Int32 = 0
        var rank = 0
        try check(api.getTensorElementType(info, &code), .invalidOutput) { "output '\(name)': no element type" }
        try check(api.getDimensionsCount(info, &rank), .invalidOutput) { "output '\(name)': no rank" }
        var dims = [Int64](repeating: 0, count: rank)
        try check(api.getDimensions(info, &dims, rank), .invalidOutput) { "output '\(name)': no dimensions" }
        guard let dtype = OrtElementType.dtype(of: code) else {
            throw ONNXError(
                .invalidOutput,
                "output '\(name)' is a tensor of \(OrtElementType.name(of: code)), which SwiftBento has no dtype for")
        }
        let shape = dims.map { Int($0) }
        let count = shape.reduce(1, *)
        if dtype == .string {
            return try stringTensor(from: value, name: name, shape: shape, count: count)
        }
        let byteCount = count * dtype.byteSize!
        var data: UnsafeMutableRawPointer?
        try check(api.getTensorMutableData(value, &data), .invalidOutput) { "output '\(name)': no data" }
        guard byteCount == 0 || data != nil else { throw ONNXError(.invalidOutput, "output '\(name)': null data") }
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            if byteCount > 0 {
                buffer.baseAddress!.initialize(from: data!.assumingMemoryBound(to: UInt8.self), count: byteCount)
            }
            initialized = byteCount
        }
        return Tensor(unchecked: dtype, shape: shape, bytes: bytes)
    }

    private func stringTensor(from value: OpaquePointer, name: String, shape: [Int], count: Int) throws -> Tensor {
        var length = 0
        try check(api.getStringTensorDataLength(value, &length), .invalidOutput) {
            "output '\(name)': no string length"
        }
        var content = [UInt8](repeating: 0, count: length)
        var offsets = [Int](repeating: 0, count: count)
        if count > 0 {
            let status = content.withUnsafeMutableBytes { chars in
                offsets.withUnsafeMutableBufferPointer { offs in
                    api.getStringTensorContent(value, chars.baseAddress, length, offs.baseAddress, count)
                }
            }
            try check(status, .invalidOutput) { "output '\(name)': could not read its strings" }
        }
        var elements: [[UInt8]] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            let end = index + 1 < count ? offsets[index + 1] : length
            elements.append(Array(content[offsets[index]..<end]))
        }
        return try Tensor(byteElements: elements, shape: shape)
    }

    /// One zero byte, so empty tensors have a valid data pointer.
    nonisolated(unsafe) static let emptyData = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16)
}
