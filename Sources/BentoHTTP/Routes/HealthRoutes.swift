import BentoCore
import HTTPTypes
import Hummingbird

/// Kubernetes probes (`/livez`, `/healthz`, `/readyz`) and the Open Inference Protocol's server
/// health and metadata (`/v2`, `/v2/health/live`, `/v2/health/ready`). All open, never limited.
enum HealthRoutes {
    static func routes(for service: BentoService) -> [(String, Route)] {
        let live: RouteHandler = { _ in .text("ok\n", contentType: "text/plain; charset=utf-8") }
        let ready: RouteHandler = { _ in await readiness(service, body: nil) }
        let serverMetadata = Array(
            #"{"name":"swiftbento","version":"0.1.0","extensions":["binary_tensor_data"]}"#.utf8
        )
        return [
            ("/livez", .get("/livez", live)),
            ("/healthz", .get("/healthz", live)),
            ("/readyz", .get("/readyz", ready)),
            ("/v2", .get("/v2") { _ in .json(serverMetadata) }),
            ("/v2/health/live", .get("/v2/health/live") { _ in .json(Array(#"{"live":true}"#.utf8)) }),
            (
                "/v2/health/ready",
                .get("/v2/health/ready") { _ in await readiness(service, body: Array(#"{"ready":true}"#.utf8)) }
            ),
        ]
    }

    /// 200 when ready; else 503 with `Retry-After` and the problems, as `detail` and as a list.
    static func readiness(_ service: BentoService, body: [UInt8]?) async -> Reply {
        let report = await service.readiness()
        guard !report.isReady else {
            return body.map { .json($0) } ?? .text("ok\n", contentType: "text/plain; charset=utf-8")
        }
        var out: [UInt8] = []
        JSONWriter.literal("{\"error\":\"the service is not ready\",\"detail\":", into: &out)
        JSONWriter.string(Array(report.problems.joined(separator: "; ").utf8), into: &out)
        JSONWriter.literal(",\"problems\":", into: &out)
        OIPJSON.writeStrings(report.problems, into: &out)
        out.append(UInt8(ascii: "}"))
        var reply = Reply.json(out, status: .serviceUnavailable)
        reply.headers[.retryAfter] = "1"
        return reply
    }
}
