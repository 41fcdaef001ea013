package import BentoCore

/// A decoded Open Inference Protocol (KServe v2) infer request.
///
/// Built by ``init(body:headerLength:)`` from the JSON envelope and, with the binary tensor
/// extension, the tensor bytes that follow it.
///
/// ```swift
/// let request = try InferenceRequest(body: bytes, headerLength: 112)
/// request.inputs[0].tensor.shape   // [1, 4]
/// ```
package struct InferenceRequest: Sendable {
    /// One named input tensor.
    package struct Input: Sendable {
        /// The input's name, as the model declares it.
        package var name: String
        /// The tensor.
        package var tensor: Tensor
        /// The input's `parameters`.
        package var parameters: [String: InferenceParameter]
    }

    /// One output the client asks for.
    package struct RequestedOutput: Sendable, Hashable {
        /// The output's name.
        package var name: String
        /// The output's `binary_data` parameter: `nil` when it did not say.
        package var binary: Bool?

        /// Creates a requested output.
        package init(name: String, binary: Bool? = nil) {
            self.name = name
            self.binary = binary
        }
    }

    /// The request's `id`, echoed in the response.
    package var id: String?
    /// The inputs, in request order.
    package var inputs: [Input]
    /// The outputs asked for, or `nil` for every output of the model.
    package var outputs: [RequestedOutput]?
    /// The request's `parameters` (`binary_data_output` among them).
    package var parameters: [String: InferenceParameter]

    /// Whether outputs are sent binary unless an output says otherwise.
    package var binaryDataOutput: Bool { parameters["binary_data_output"]?.bool ?? false }

    /// Creates a request from parts.
    package init(
        id: String? = nil,
        inputs: [Input],
        outputs: [RequestedOutput]? = nil,
        parameters: [String: InferenceParameter] = [:]
    ) {
        self.id = id
        self.inputs = inputs
        self.outputs = outputs
        self.parameters = parameters
    }

    /// The inputs by name.
    package var tensors: [String: Tensor] {
        var result: [String: Tensor] = [:]
        result.reserveCapacity(inputs.count)
        for input in inputs { result[input.name] = input.tensor }
        return result
    }
}

extension InferenceRequest.Input {
    /// Creates an input.
    package init(name: String, tensor: Tensor) {
        self.init(name: name, tensor: tensor, parameters: [:])
    }
}
