public import BentoCore
public import Foundation

/// The record of a built bento, its `bento.yaml`: what it serves, with which models, runners and
/// APIs, and the sha256 of every file it holds.
public struct BentoInfo: Sendable, Hashable, Codable {
    /// How the bento's server starts.
    public struct Service: Sendable, Hashable, Codable {
        /// `zero-code` (the `bento` tool serving its models) or `swift` (a compiled service).
        /// `zero-code` or `swift`.
        public var kind: String
        /// The executable, relative to the bento's folder (`bin/bento`, `bin/<product>`).
        public var executable: String
    }

    /// A model the bento carries, under `models/<name>/<version>/`.
    public struct Model: Sendable, Hashable, Codable {
        /// The exact `name:version`.
        public var tag: String
        /// Its framework (`onnx`, …).
        public var framework: String
        /// Bytes of its files.
        public var size: Int64
    }

    /// A runner and where it runs (`runners.<name>.placement` in the bento's config, else the service's).
    public struct Runner: Sendable, Hashable, Codable {
        /// The runner's name.
        public var name: String
        /// `embedded`, `process` or `remote`.
        public var placement: String
        /// The model it runs, when it runs one stored model.
        public var model: String?
        /// Kubernetes resources (`cpu`, `memory`, `nvidia.com/gpu`) from `runners.<name>.resources.*`.
        public var resources: [String: String]?
        /// `runners.<name>.autoscaling.*`: min_replicas, max_replicas, target_cpu_utilization.
        public var autoscaling: [String: String]?
    }

    /// An API with the media types it takes and gives.
    public struct API: Sendable, Hashable, Codable {
        /// The API's name.
        public var name: String
        /// Its route (`POST`).
        public var route: String
        /// The media types its request body may have.
        public var input: [String]
        /// The media types of its 200 response.
        public var output: [String]
    }

    /// One file of the bento.
    public struct File: Sendable, Hashable, Codable {
        /// Relative to the bento's folder.
        public var path: String
        /// Bytes.
        public var size: Int64
        /// Lowercase hex sha256.
        public var sha256: String
        /// Whether it is a program (mode 0755).
        public var executable: Bool?
    }

    /// How the server starts.
    public var service: Service
    /// The bento's name.
    public var name: String
    /// Its version.
    public var version: String
    /// The bentofile's description.
    public var description: String?
    /// When it was built.
    public var creationTime: Date
    /// The bentofile's labels.
    public var labels: [String: String]
    /// The models it carries.
    public var models: [Model]
    /// The service's runners.
    public var runners: [Runner]
    /// The service's APIs.
    public var apis: [API]
    /// Docker options from the bentofile.
    public var docker: DockerOptions
    /// Every file but `bento.yaml`, with its sha256.
    public var files: [File]

    /// The Dockerfile and image options recorded from the bentofile.
    public struct DockerOptions: Sendable, Hashable, Codable {
        /// The Dockerfile's `FROM`.
        public var baseImage: String
        /// Debian packages it installs.
        public var systemPackages: [String]
        /// Environment for the container.
        public var env: [String: String]

        enum CodingKeys: String, CodingKey {
            case baseImage = "base_image", systemPackages = "system_packages", env
        }
    }

    enum CodingKeys: String, CodingKey {
        case service, name, version, description, labels, models, runners, apis, docker, files
        case creationTime = "creation_time"
    }

    /// The exact tag.
    public var tag: Tag { Tag(name: name, version: version) }

    /// Bytes of every file together.
    public var size: Int64 { files.reduce(0) { $0 + $1.size } }

    /// The runners with placement `process`, which Kubernetes scales on their own.
    public var processRunners: [Runner] { runners.filter { $0.placement == "process" } }
}
