/// `GET /metrics`: the Prometheus text exposition of the server's and the runners' metrics.
enum MetricsRoute {
    static func routes() -> [(String, Route)] {
        [
            (
                "/metrics",
                .get("/metrics") { _ in
                    .bytes(ServerMetrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
                }
            )
        ]
    }
}
