import BentoCore
import HTTPTypes
import Hummingbird

/// The Open Inference Protocol's model endpoints, for each model of the service:
/// `GET /v2/models/{name}[/versions/{v}]` (metadata), `…/ready`, and `POST …/infer`.
///
/// The paths are expanded per model when the server is built, so a request finds its model by
/// one hash lookup; a path under `/v2/models/` that matches none gets a 404 naming the model.
enum InferenceRoutes {
    static func routes(for service: BentoService) -> [(String, Route)] {
        var result: [(String, Route)] = []
        for model in service.models {
            let metadata = model.metadataJSON()
            let readyBody = Array(#"{"name":"\#(model.name)","ready":true}"#.utf8)
            for base in ["/v2/models/\(model.name)", "/v2/models/\(model.name)/versions/\(model.version)"] {
                result.append((base, .get(base, access: .protected) { _ in .json(metadata) }))
                result.append(
                    (
                        base + "/ready",
                        .get(base + "/ready", access: .protected) { _ in
                            guard await model.isReady() else {
                                throw OIPError(.unavailable, "model '\(model.name)' is not ready")
                            }
                            return .json(readyBody)
                        }
                    )
                )
                result.append((base + "/infer", .post(base + "/infer") { exchange in try await infer(model, exchange) }))
            }
        }
        return result
    }

    /// Decodes, runs and encodes one infer call.
    static func infer(_ model: ServedModel, _ exchange: Exchange) async throws -> Reply {
        var headerLength: Int?
        if let text = exchange.request.headers[.inferenceHeaderContentLength] {
            guard let value = Int(text) else {
                throw OIPError(.badInput, "Inference-Header-Content-Length '\(text)' is not a byte count")
            }
            headerLength = value
        }
        let request = try exchange.body.withUnsafeReadableBytes { raw in
            try InferenceRequest(body: raw, headerLength: headerLength)
        }
        let outputs = try await model.infer(request.tensors, outputs: request.outputs?.map(\.name))
        let selected = try InferenceResponse.select(
            outputs,
            declared: model.outputs.map(\.name),
            for: request,
            modelName: model.name
        )
        let response = InferenceResponse(
            modelName: model.name,
            modelVersion: model.version,
            id: request.id,
            outputs: selected
        )
        let (body, jsonLength) = response.encoded()
        guard let jsonLength else { return .json(body) }
        var reply = Reply.bytes(body, contentType: "application/octet-stream")
        reply.headers[.inferenceHeaderContentLength] = String(jsonLength)
        return reply
    }

    /// The 404 for a path under `/v2/models/` that names no served model or version.
    static func notFound(_ path: String, service: BentoService) -> ErrorResponse? {
        let prefix = "/v2/models/"
        guard path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.first.map(String.init), !name.isEmpty else { return nil }
        guard let model = service.model(named: name) else {
            let known = service.models.map { "'\($0.name)'" }.joined(separator: ", ")
            return ErrorResponse(
                .notFound,
                "no model '\(name)'",
                detail: known.isEmpty ? "this server serves no models" : "this server serves \(known)"
            )
        }
        if parts.count >= 3, parts[1] == "versions", parts[2] != model.version {
            return ErrorResponse(
                .notFound,
                "model '\(name)' has no version '\(parts[2])'",
                detail: "it serves version '\(model.version)'"
            )
        }
        return nil
    }
}
