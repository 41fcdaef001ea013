/// The declared name, dtype and shape of one model input or output.
///
/// A dimension of `-1` matches any size. ``dimensionNames`` keeps the model's symbolic names for
/// dynamic dimensions (ONNX's `batch`, `sequence`, …) where it has them.
///
/// ```swift
/// let spec = TensorSpec(name: "float_input", dtype: .float32, shape: [-1, 4])
/// try spec.validate(tensor)   // throws naming the input and the mismatch
/// ```
public struct TensorSpec: Sendable, Hashable, Codable {
    /// The name, which may contain `/` and `:`.
    public var name: String
    /// The element type.
    public var dtype: DType
    /// The dimensions; `-1` matches any size.
    public var shape: [Int]
    /// Symbolic names of dimensions, `nil` entries for fixed or unnamed ones; `nil` when none.
    public var dimensionNames: [String?]?

    /// Creates a spec.
    public init(name: String, dtype: DType, shape: [Int], dimensionNames: [String?]? = nil) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.dimensionNames = dimensionNames
    }

    enum CodingKeys: String, CodingKey {
        case name, dtype, shape
        case dimensionNames = "dimension_names"
    }

    /// Whether the dimension at `axis` is dynamic (`-1`).
    public func isDynamic(_ axis: Int) -> Bool { axis < shape.count && shape[axis] < 0 }

    /// Throws unless `tensor` has this spec's dtype, rank and fixed dimensions.
    public func validate(_ tensor: Tensor, role: String = "input") throws(TensorError) {
        guard tensor.dtype == dtype else {
            throw TensorError(.dtypeMismatch, "\(role) '\(name)' must be \(dtype), got \(tensor.dtype)")
        }
        guard tensor.rank == shape.count else {
            throw TensorError(
                .shapeMismatch,
                "\(role) '\(name)' must have rank \(shape.count) (shape \(shape)), got shape \(tensor.shape)"
            )
        }
        for (axis, dim) in shape.enumerated() where dim >= 0 && tensor.shape[axis] != dim {
            throw TensorError(
                .shapeMismatch,
                "\(role) '\(name)' must have \(dim) at dimension \(axis) (shape \(shape)), got shape \(tensor.shape)"
            )
        }
    }
}
