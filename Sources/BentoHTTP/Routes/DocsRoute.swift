import BentoCore

/// `GET /docs.json`: the service's OpenAPI 3 document, written by BentoCore from the descriptors
/// once when the server is built.
enum DocsRoute {
    static func routes(for service: BentoService) -> [(String, Route)] {
        let document = Reply.json(service.openAPIDocument())
        return [("/docs.json", .get("/docs.json") { _ in document })]
    }
}
