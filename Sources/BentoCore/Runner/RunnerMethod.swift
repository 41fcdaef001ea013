/// One callable method of a runner and how its calls batch.
///
/// A batchable method gets its own adaptive batcher, which joins concurrent calls along
/// ``inputBatchDim``, runs them as one call and splits the outputs back along
/// ``outputBatchDim``. A method that is not batchable goes straight to the runnable: no queue,
/// no latency target, no throttling.
///
/// ```swift
/// let embed = RunnerMethod(
///     name: "embed",
///     batchable: true,
///     maxBatchSize: 32,
///     padding: ["input_ids": .init(axis: 1, value: 0), "attention_mask": .init(axis: 1, value: 0)],
///     paddedOutputs: ["last_hidden_state": 1]
/// )
/// ```
public struct RunnerMethod: Sendable, Hashable {
    /// The method's name, passed to the runnable.
    public var name: String
    /// Whether calls may be joined into batches.
    public var batchable: Bool
    /// The axis along which inputs are joined.
    public var inputBatchDim: Int
    /// The axis along which outputs are split back.
    public var outputBatchDim: Int
    /// The most rows one batch holds, counting every row of a multi-row request.
    public var maxBatchSize: Int
    /// The latency target: a request predicted to finish later than this after it arrived is shed
    /// with ``RunnerError/Code/overloaded``. It is not a wait: a lone request is sent at once.
    public var maxLatency: Duration
    /// Inputs of variable length, padded to the longest in the batch, keyed by input name.
    public var padding: [String: Padding]
    /// Outputs sliced back to each request's own padded length, keyed by output name, with the
    /// axis to slice along. Outputs not listed are only split along ``outputBatchDim``.
    public var paddedOutputs: [String: Int]
    /// When set, inputs are validated against it before they are queued.
    public var signature: ModelSignature?

    /// How one variable-length input is padded: along which axis, with which value.
    public struct Padding: Sendable, Hashable {
        /// The axis whose length varies between requests (for token ids, the sequence axis).
        public var axis: Int
        /// The value written into the padding (converted to the tensor's dtype).
        public var value: Double

        /// Creates a padding rule.
        public init(axis: Int, value: Double = 0) {
            self.axis = axis
            self.value = value
        }
    }

    /// Creates a method. Batch settings default to ``RunnerConfiguration/Batching``'s defaults.
    public init(
        name: String,
        batchable: Bool = false,
        inputBatchDim: Int = 0,
        outputBatchDim: Int? = nil,
        maxBatchSize: Int = RunnerConfiguration.Batching.defaultMaxBatchSize,
        maxLatency: Duration = RunnerConfiguration.Batching.defaultMaxLatency,
        padding: [String: Padding] = [:],
        paddedOutputs: [String: Int] = [:],
        signature: ModelSignature? = nil
    ) {
        self.name = name
        self.batchable = batchable
        self.inputBatchDim = inputBatchDim
        self.outputBatchDim = outputBatchDim ?? inputBatchDim
        self.maxBatchSize = maxBatchSize
        self.maxLatency = maxLatency
        self.padding = padding
        self.paddedOutputs = paddedOutputs
        self.signature = signature
    }

    /// A method described by a model signature: batchable and batch dims come from it.
    public init(name: String, signature: ModelSignature) {
        self.init(
            name: name,
            batchable: signature.batchable,
            inputBatchDim: signature.batchDim,
            outputBatchDim: signature.outputBatchDim,
            signature: signature
        )
    }

    /// Throws unless the settings are usable.
    package func validate(runner: String) throws(RunnerError) {
        guard maxBatchSize >= 1 else {
            throw RunnerError(
                .invalidConfiguration,
                "runner '\(runner)' method '\(name)': max_batch_size must be at least 1, got \(maxBatchSize)")
        }
        guard maxLatency > .zero else {
            throw RunnerError(
                .invalidConfiguration,
                "runner '\(runner)' method '\(name)': max_latency must be positive, got \(maxLatency)")
        }
        guard inputBatchDim >= 0, outputBatchDim >= 0 else {
            throw RunnerError(
                .invalidConfiguration, "runner '\(runner)' method '\(name)': batch dims must not be negative")
        }
        for (input, rule) in padding where rule.axis == inputBatchDim || rule.axis < 0 {
            throw RunnerError(
                .invalidConfiguration,
                "runner '\(runner)' method '\(name)': input '\(input)' cannot be padded along axis \(rule.axis)")
        }
        for (output, axis) in paddedOutputs where axis == outputBatchDim || axis < 0 {
            throw RunnerError(
                .invalidConfiguration,
                "runner '\(runner)' method '\(name)': output '\(output)' cannot be sliced along axis \(axis)")
        }
    }
}
