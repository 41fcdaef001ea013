/// Builds a bento's image with an installed tool (`docker`, `podman` or `buildah`) from its
/// `env/docker/Dockerfile`, for users who prefer them to the built-in OCI writer.
public enum ContainerBackend: String, Sendable, CaseIterable {
    case docker, podman, buildah

    /// Runs the tool with the bento's folder as the build context; its output passes through.
    public func build(_ bento: StoredBento, tag: String) throws(BuildError) {
        let arguments =
            switch self {
            case .docker, .podman: [rawValue, "build", "-f", "env/docker/Dockerfile", "-t", tag, "."]
            case .buildah: [rawValue, "bud", "-f", "env/docker/Dockerfile", "-t", tag, "."]
            }
        let result = try Subprocess.run(arguments, in: bento.directory, passThrough: true)
        guard result.status == 0 else {
            throw BuildError(.toolFailed, "`\(arguments.joined(separator: " "))` in \(bento.directory) failed (exit \(result.status))")
        }
    }
}
