/// The `env/docker/Dockerfile` of a bento, for users who have Docker, Podman or Buildah: the bento
/// folder is the build context.
enum Dockerfile {
    static func text(for info: BentoInfo) -> String {
        var lines = [
            "# Made by `bento build` for \(info.tag). From the bento's folder:",
            "#   docker build -f env/docker/Dockerfile -t \(info.name):\(info.version) .",
            "# The binary needs its Swift runtime: build services with --static-swift-stdlib (bento build does).",
            "FROM \(info.docker.baseImage)",
        ]
        if !info.docker.systemPackages.isEmpty {
            lines.append(
                "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
                    + info.docker.systemPackages.joined(separator: " ") + " && rm -rf /var/lib/apt/lists/*")
        }
        lines.append("COPY --chown=0:0 . \(BentoInfo.imageRoot)")
        for (key, value) in info.serveEnvironment().sorted(by: { $0.key < $1.key }) {
            lines.append("ENV \(key)=\(JSONText.quoted(value))")
        }
        lines.append("WORKDIR \(BentoInfo.imageRoot)")
        lines.append("USER \(BentoInfo.imageUser)")
        lines.append("EXPOSE \(BentoInfo.imagePort)")
        lines.append("ENTRYPOINT [" + info.serveCommand().map(JSONText.quoted).joined(separator: ", ") + "]")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// JSON (and so YAML) double-quoted strings.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
