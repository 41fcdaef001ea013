import BentoCLI
import BentoCore
import BentoONNX

// A service in Swift around a stored model: `bento models import … --name iris`, then
// `swift run iris-service serve` and POST {"features": [[5.1, 3.5, 1.4, 0.2]]} to /classify.

struct IrisRequest: Codable, Sendable {
    var features: [[Float]]
}

struct IrisResponse: Codable, Sendable {
    var species: [String]
    var confidence: [Float]
}

let species = ["setosa", "versicolor", "virginica"]

let iris = try Runner(
    name: "iris",
    runnable: LoadingRunnable.onnx(model: "iris:latest"),
    methods: [RunnerMethod(name: "run", batchable: true, maxBatchSize: 64)]
)

let input = JSONDescriptor(IrisRequest.self) { request in
    guard !request.features.isEmpty, request.features.allSatisfy({ $0.count == 4 }) else {
        throw ValidationError("features must be rows of 4 numbers (sepal and petal length and width, cm)")
    }
}

let service = BentoService(name: "iris_classifier", runners: [iris]) {
    API("classify", input: input, output: .json(IrisResponse.self)) { request, _ in
        // Pre-processing: rows of features become one [N, 4] tensor.
        let x = try Tensor(request.features.flatMap { $0 }, shape: [request.features.count, 4])
        let outputs = try await iris.run(["float_input": x], method: "run")
        // Post-processing: class ids become names, probabilities the winning one's.
        let labels = try outputs["label"]!.values(as: Int64.self)
        let probabilities = try outputs["probabilities"]!.values(as: Float.self)
        return IrisResponse(
            species: labels.map { species[Int($0)] },
            confidence: labels.enumerated().map { row, label in probabilities[row * 3 + Int(label)] }
        )
    }
}

await CLI.main(service: service)
