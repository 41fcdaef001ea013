import ArgumentParser
import BentoBuild
import BentoCore
import Foundation

/// `bento containerize TAG --output PATH`: an OCI image with no daemon, or `--backend` to use a tool.
struct ContainerizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "containerize",
        abstract: "Make an OCI image of a bento: an image layout folder, or an oci-archive for a path ending in .tar.",
        discussion: """
            No Docker daemon is needed: the layers (runtime libraries, models, then the binary and config) are
            written directly and reproducibly, so the same bento gives the same digest. The image runs
            `bento serve` on port 3000 as a non-root user; container arguments such as --port pass through.
            With --backend docker|podman|buildah the bento's Dockerfile is built by that tool instead.
            """
    )

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Option(name: .shortAndLong, help: "The image layout folder or .tar archive to write (the OCI writer).")
    var output: String?

    @Option(help: "An OCI image layout to use as the base: its layers come first and replace the runtime-library layer.")
    var base: String?

    @Option(help: "Build with docker, podman or buildah from env/docker/Dockerfile instead.")
    var backend: String?

    @Option(name: .customLong("image-tag"), help: "With --backend: the image tag (default name:version).")
    var imageTag: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bento = try storeOptions.bentos.get(try Tag(parsing: tag))
            if let name = backend {
                guard let backend = ContainerBackend(rawValue: name) else {
                    throw CLIError(message: "--backend must be docker, podman or buildah, got '\(name)'")
                }
                try backend.build(bento, tag: imageTag ?? "\(bento.info.name):\(bento.info.version)")
                return
            }
            guard let output else {
                throw CLIError(message: "give --output PATH (a folder, or a .tar file), or --backend docker|podman|buildah")
            }
            let start = ContinuousClock.now
            let image = try OCIImageWriter(bento: bento, baseLayout: base).write(to: output)
            Terminal.error(
                "wrote \(image.path) (layers \(Format.bytes(image.layersSize)), ref \(image.reference)) in \(ContinuousClock.now - start)")
            print(image.manifestDigest)
        }
    }
}

/// `bento deploy kubernetes TAG --image REF --output DIR`
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Write deployment manifests for a bento.", subcommands: [DeployKubernetes.self])
}

struct DeployKubernetes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes",
        abstract: "Kubernetes manifests: the API server's Deployment and Service, and per `process` runner a Deployment, Service and HPA.",
        discussion: "No cluster is needed; apply them with `kubectl apply -f DIR`."
    )

    @Argument(help: "name, name:latest or name:version.")
    var tag: String

    @Option(help: "The image reference the pods run (e.g. registry.example.com/iris:v1).")
    var image: String

    @Option(name: .shortAndLong, help: "The folder to write the manifests into (created).")
    var output: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let bento = try storeOptions.bentos.get(try Tag(parsing: tag))
            let serving = bento.configPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            let manifests = try KubernetesManifests(bento: bento.info, image: image, servingConfig: serving)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (name, text) in manifests.files {
                let path = output + "/" + name
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                print(path)
            }
        }
    }
}

/// `describe` (hidden) of a service executable: the JSON `bento build` reads.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Print this service's runners and APIs as JSON (read by `bento build`).", shouldDisplay: false)

    func run() throws {
        print(ServiceDescription(service: try ServiceHolder.service).json())
    }
}
