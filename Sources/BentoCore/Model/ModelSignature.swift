/// One callable method of a model: its inputs and outputs, and how it batches.
///
/// Stored per method name under `signatures:` in `model.yaml`.
///
/// ```swift
/// let run = ModelSignature(
///     inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1, 4])],
///     outputs: [TensorSpec(name: "y", dtype: .int64, shape: [-1])],
///     batchable: true
/// )
/// ```
public struct ModelSignature: Sendable, Hashable, Codable {
    /// The inputs, in the model's order.
    public var inputs: [TensorSpec]
    /// The outputs, in the model's order.
    public var outputs: [TensorSpec]
    /// Whether calls may be joined into one batch along ``batchDim``.
    public var batchable: Bool
    /// The axis along which inputs are joined.
    public var batchDim: Int
    /// The axis along which outputs are split back; defaults to ``batchDim``.
    public var outputBatchDim: Int

    /// Creates a signature.
    public init(
        inputs: [TensorSpec] = [],
        outputs: [TensorSpec] = [],
        batchable: Bool = false,
        batchDim: Int = 0,
        outputBatchDim: Int? = nil
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.batchable = batchable
        self.batchDim = batchDim
        self.outputBatchDim = outputBatchDim ?? batchDim
    }

    enum CodingKeys: String, CodingKey {
        case inputs, outputs, batchable
        case batchDim = "batch_dim"
        case outputBatchDim = "output_batch_dim"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try c.decodeIfPresent([TensorSpec].self, forKey: .inputs) ?? []
        outputs = try c.decodeIfPresent([TensorSpec].self, forKey: .outputs) ?? []
        batchable = try c.decodeIfPresent(Bool.self, forKey: .batchable) ?? false
        // BentoML writes batch_dim as an int or as an [input, output] pair.
        if let pair = try? c.decode([Int].self, forKey: .batchDim), pair.count == 2 {
            batchDim = pair[0]
            outputBatchDim = pair[1]
        } else {
            batchDim = try c.decodeIfPresent(Int.self, forKey: .batchDim) ?? 0
            outputBatchDim = try c.decodeIfPresent(Int.self, forKey: .outputBatchDim) ?? batchDim
        }
    }

    /// Whether every input's dimension at ``batchDim`` is dynamic, the rule for inferring
    /// ``batchable`` from a model file.
    public var inputsHaveDynamicBatchDim: Bool {
        !inputs.isEmpty && inputs.allSatisfy { $0.isDynamic(batchDim) }
    }
}
