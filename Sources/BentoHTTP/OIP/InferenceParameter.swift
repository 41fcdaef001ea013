/// A scalar value in an Open Inference Protocol `parameters` object.
package enum InferenceParameter: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    /// The value as a bool, when it is one.
    package var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as an integer, when it is one.
    package var int: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}
