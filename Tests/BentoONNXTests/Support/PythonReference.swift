import BentoCore
import BentoTesting
import Foundation
import Testing

/// Runs a model with Python's onnxruntime on the same inputs, for comparison.
///
/// Tensors travel as JSON `{name: {"dtype", "shape", "data"}}`; a sequence-of-maps output comes
/// back in SwiftBento's documented tensor form (rows × keys in ascending key order).
enum PythonReference {
    static let script = """
        import json, sys
        import numpy as np
        import onnxruntime as ort
        req = json.load(sys.stdin)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        sess = ort.InferenceSession(req["model"], opts, providers=["CPUExecutionProvider"])
        feed = {}
        for name, t in req["inputs"].items():
            if t["dtype"] == "string":
                feed[name] = np.array(t["data"], dtype=object).reshape(t["shape"])
            else:
                feed[name] = np.array(t["data"], dtype=t["dtype"]).reshape(t["shape"])
        names = [o.name for o in sess.get_outputs()]
        out = {}
        for name, value in zip(names, sess.run(names, feed)):
            if isinstance(value, list):
                keys = sorted(value[0].keys()) if value else []
                value = np.array([[row[k] for k in keys] for row in value], dtype=np.float32).reshape(len(value), len(keys))
            out[name] = {"dtype": str(value.dtype), "shape": list(value.shape), "data": value.reshape(-1).tolist()}
        json.dump(out, sys.stdout)
        """

    struct Output {
        var dtype: String
        var shape: [Int]
        var data: [Double]
    }

    static func run(model: String, inputs: [String: Tensor]) throws -> [String: Output] {
        var encoded: [String: Any] = [:]
        for (name, tensor) in inputs {
            let data: Any = tensor.dtype == .string ? try tensor.strings() : try tensor.doubleValues()
            encoded[name] = ["dtype": tensor.dtype.rawValue, "shape": tensor.shape, "data": data]
        }
        let request = try JSONSerialization.data(withJSONObject: ["model": model, "inputs": encoded])
        let result = try Fixtures.run(Fixtures.python, ["-c", script], stdin: request)
        guard result.status == 0 else {
            throw TestSetupError(message: "python onnxruntime failed (\(result.status)): \(result.stderr)")
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]])
        var outputs: [String: Output] = [:]
        for (name, value) in json {
            let data = try #require(value["data"] as? [Any]).map { element -> Double in
                if let bool = element as? Bool { return bool ? 1 : 0 }
                return (element as? NSNumber)?.doubleValue ?? .nan
            }
            outputs[name] = Output(
                dtype: try #require(value["dtype"] as? String),
                shape: try #require(value["shape"] as? [Int]),
                data: data
            )
        }
        return outputs
    }

    /// Expects Swift's outputs to equal Python's: same names, shapes, dtypes, values (rtol 1e-5).
    static func expectSame(
        _ swift: [String: Tensor],
        _ python: [String: Output],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(Set(swift.keys) == Set(python.keys), sourceLocation: sourceLocation)
        for (name, reference) in python {
            let tensor = try #require(swift[name], sourceLocation: sourceLocation)
            #expect(tensor.shape == reference.shape, "output \(name)", sourceLocation: sourceLocation)
            #expect(tensor.dtype.rawValue == reference.dtype, "output \(name)", sourceLocation: sourceLocation)
            let values = try tensor.doubleValues()
            try #require(values.count == reference.data.count, sourceLocation: sourceLocation)
            // numpy.allclose's rule with rtol 1e-5 and a tiny atol for values at zero.
            let far = zip(values, reference.data).enumerated().filter { abs($1.0 - $1.1) > 1e-5 * abs($1.1) + 1e-7 }
            #expect(
                far.isEmpty, "output \(name): \(far.count) values differ, first \(far.first.map { "\($0)" } ?? "")",
                sourceLocation: sourceLocation)
        }
    }
}
