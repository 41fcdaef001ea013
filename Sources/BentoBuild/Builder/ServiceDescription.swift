public import BentoCore
import Foundation

/// What a service says about itself for its bento: its name, runners and APIs. A service
/// executable prints it with its hidden `describe` command; `bento build` reads it.
public struct ServiceDescription: Sendable, Hashable, Codable {
    /// A runner and its placement in code.
    public struct Runner: Sendable, Hashable, Codable {
        /// The runner's name.
        public var name: String
        /// Its placement (`embedded`, …).
        public var placement: String
        /// The stored model it serves, when it serves one (zero-code runners).
        public var model: String?

        /// Creates a runner entry.
        public init(name: String, placement: String, model: String? = nil) {
            self.name = name
            self.placement = placement
            self.model = model
        }
    }

    /// The service's name.
    public var name: String
    /// Its runners.
    public var runners: [Runner]
    /// Its APIs.
    public var apis: [BentoInfo.API]

    /// Creates a description.
    public init(name: String, runners: [Runner], apis: [BentoInfo.API]) {
        self.name = name
        self.runners = runners
        self.apis = apis
    }

    /// Describes `service`: its runners with their placement and its APIs with the media types
    /// of their request and response bodies.
    public init(service: BentoService) {
        name = service.name
        runners = service.runners.map { Runner(name: $0.name, placement: $0.placement.description) }
        apis = service.apis.map { api in
            BentoInfo.API(
                name: api.name, route: api.route, input: Self.mediaTypes(api.inputContent), output: Self.mediaTypes(api.outputContent))
        }
    }

    /// The JSON a service executable prints.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func mediaTypes(_ content: JSONValue) -> [String] {
        guard case .object(let pairs) = content else { return [] }
        return pairs.map(\.0)
    }
}
