/// One endpoint of a service: a name, a route, how its input and output are carried, and the
/// handler that runs between them (pre-processing, runner calls, post-processing).
///
/// ```swift
/// API("classify", input: .json(IrisRequest.self), output: .json(IrisResponse.self)) { request, context in
///     let x = try Tensor(request.features.flatMap { $0 }, shape: [request.features.count, 4])
///     let y = try await iris.run(["float_input": x])
///     return IrisResponse(labels: try y["label"]!.values(as: Int64.self))
/// }
/// ```
public struct API: Sendable {
    /// The API's name, unique within its service.
    public let name: String
    /// The HTTP route, `/` + name unless given.
    public let route: String
    /// One line for the docs and the web page.
    public var summary: String?
    /// The OpenAPI `content` of the request body.
    public let inputContent: JSONValue
    /// The OpenAPI `content` of the 200 response.
    public let outputContent: JSONValue
    private let body: @Sendable (APIRequest, RequestContext) async throws -> APIResponse

    /// Creates an API from typed descriptors and a handler.
    public init<Input: IODescriptor, Output: IODescriptor>(
        _ name: String,
        route: String? = nil,
        summary: String? = nil,
        input: Input,
        output: Output,
        handler: @escaping @Sendable (Input.Value, RequestContext) async throws -> Output.Value
    ) {
        self.name = name
        var route = route ?? name
        if !route.hasPrefix("/") { route = "/" + route }
        self.route = route
        self.summary = summary
        self.inputContent = input.openAPIContent()
        self.outputContent = output.openAPIContent()
        self.body = { request, context in
            let value = try input.decode(request)
            let result = try await handler(value, context)
            return try output.encode(result, for: request)
        }
    }

    /// Decodes the request, runs the handler and encodes its result. Tensor errors from the
    /// handler become `.badInput`; other errors pass through.
    public func call(_ request: APIRequest, context: RequestContext) async throws -> APIResponse {
        do {
            return try await body(request, context)
        } catch let error as TensorError {
            throw ServiceError(.badInput, error.message, cause: error)
        } catch let error as ValidationError {
            throw ServiceError(.badInput, error.message, cause: error)
        }
    }
}

/// Collects ``API`` values in a ``BentoService`` initializer.
@resultBuilder
public enum APIBuilder {
    public static func buildExpression(_ api: API) -> [API] { [api] }
    public static func buildExpression(_ apis: [API]) -> [API] { apis }
    public static func buildBlock(_ parts: [API]...) -> [API] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [API]?) -> [API] { part ?? [] }
    public static func buildEither(first: [API]) -> [API] { first }
    public static func buildEither(second: [API]) -> [API] { second }
    public static func buildArray(_ parts: [[API]]) -> [API] { parts.flatMap { $0 } }
}
