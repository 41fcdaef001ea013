extension BentoService {
    /// The OpenAPI 3 document of the service: one `POST` per API with its request and response
    /// bodies from the descriptors, the probes and metrics, and the Open Inference Protocol routes
    /// when models are served. Key order is fixed, so the bytes are stable.
    public func openAPIDocument() -> [UInt8] { openAPI().bytes() }

    /// The OpenAPI document as a value.
    public func openAPI() -> JSONValue {
        let errorResponse: JSONValue = [
            "description": "error",
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
        ]
        var paths: [(String, JSONValue)] = []
        for api in apis {
            var operation: JSONValue = [
                "operationId": .string(api.name),
                "tags": ["Service APIs"],
                "requestBody": ["required": true, "content": api.inputContent],
                "responses": [
                    "200": ["description": "success", "content": api.outputContent],
                    "400": errorResponse,
                    "503": errorResponse,
                    "504": errorResponse,
                ],
            ]
            if let summary = api.summary { operation.set("summary", .string(summary)) }
            paths.append((api.route, ["post": operation]))
        }
        for (path, summary) in [
            ("/livez", "the process is alive"), ("/readyz", "models are loaded and runners reachable"),
            ("/healthz", "the process is healthy"), ("/metrics", "Prometheus metrics"),
        ] {
            paths.append((path, ["get": [
                "operationId": .string(String(path.dropFirst())),
                "tags": ["Infrastructure"],
                "summary": .string(summary),
                "responses": ["200": ["description": "OK"], "503": ["description": "not ready"]],
            ]]))
        }
        if !models.isEmpty {
            paths.append(("/v2/models/{model_name}/infer", ["post": [
                "operationId": "v2_infer",
                "tags": ["Open Inference Protocol"],
                "summary": "Open Inference Protocol (KServe v2) inference",
                "parameters": [[
                    "name": "model_name", "in": "path", "required": true,
                    "schema": ["type": "string", "enum": .array(models.map { .string($0.name) })],
                ]],
                "requestBody": ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]],
                "responses": ["200": ["description": "inference result"], "400": errorResponse, "404": errorResponse],
            ]]))
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": .string(name),
                "version": .string(version),
                "description": .string("Served by SwiftBento."),
            ],
            "tags": [
                ["name": "Service APIs"], ["name": "Infrastructure"], ["name": "Open Inference Protocol"],
            ],
            "paths": .object(paths),
            "components": [
                "schemas": [
                    "Error": [
                        "type": "object",
                        "properties": ["error": ["type": "string"], "detail": [:]],
                        "required": ["error"],
                    ]
                ]
            ],
        ]
    }
}
