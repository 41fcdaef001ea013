import BentoCore
import HTTPTypes
import Hummingbird

/// `POST /<route>` for each API of the service: the body and metadata go to ``API/call(_:context:)``
/// as an `APIRequest`; the handler's status and headers come back from its `RequestContext`.
enum APIRoutes {
    static func routes(for service: BentoService) -> [(String, Route)] {
        service.apis.map { api in
            (api.route, .post(api.route) { exchange in try await call(api, exchange) })
        }
    }

    static func call(_ api: API, _ exchange: Exchange) async throws -> Reply {
        let request = exchange.request
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count)
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        var query: [String: String] = [:]
        if request.uri.query != nil {
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        }
        let apiRequest = APIRequest(
            body: Array(exchange.body.readableBytesView),
            contentType: request.headers[.contentType],
            headers: headers,
            query: query
        )
        let context = BentoCore.RequestContext(requestID: exchange.requestID, headers: headers, query: query)
        let response = try await api.call(apiRequest, context: context)
        var reply = Reply.bytes(response.body, contentType: response.contentType)
        if let status = context.responseStatus {
            reply.status = HTTPResponse.Status(code: status)
        }
        for (name, value) in response.headers + context.responseHeaders {
            if let field = HTTPField.Name(name) { reply.headers.append(HTTPField(name: field, value: value)) }
        }
        return reply
    }
}
