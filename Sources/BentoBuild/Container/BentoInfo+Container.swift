extension BentoInfo {
    /// Where a bento lives inside its container image.
    public static let imageRoot = "/bento"
    /// The numeric user the image runs as (not root).
    public static let imageUser = "65532:65532"
    /// The port the image's server listens on.
    public static let imagePort = 3000

    /// The command that serves this bento when it is unpacked at `root`; extra arguments
    /// (`--port 8080`) go after it.
    public func serveCommand(root: String = BentoInfo.imageRoot) -> [String] {
        service.kind == "zero-code"
            ? [root + "/" + service.executable, "serve", root]
            : [root + "/" + service.executable, "serve"]
    }

    /// The environment the server needs when the bento is at `root`: models and config come from
    /// the bento, ONNX Runtime from its `lib/`, plus the bentofile's `docker.env`.
    public func serveEnvironment(root: String = BentoInfo.imageRoot) -> [String: String] {
        var env = docker.env
        env["BENTO_HOME"] = root
        env["BENTO_ONNXRUNTIME"] = root + "/lib"
        if service.kind != "zero-code", files.contains(where: { $0.path == "config.yaml" }) {
            env["BENTO_CONFIG"] = root + "/config.yaml"
        }
        return env
    }
}
