/// The README a bento carries.
enum Readme {
    static func text(for info: BentoInfo) -> String {
        var out = "# \(info.name)\n\n"
        if let description = info.description { out += description + "\n\n" }
        out += "Bento `\(info.tag)`, built by SwiftBento's `bento build`.\n\n"
        out += "## Serve it\n\n```sh\nbento serve \(info.tag)                       # from the bento store\n"
        out += "bin/bento serve .                              # from this folder (zero-code bentos)\n"
        out += "bento containerize \(info.tag) --output image.tar   # an OCI image, no Docker needed\n```\n\n"
        if !info.apis.isEmpty {
            out += "## APIs\n\n| API | route | input | output |\n| --- | --- | --- | --- |\n"
            for api in info.apis {
                out += "| \(api.name) | POST \(api.route) | \(api.input.joined(separator: ", ")) | \(api.output.joined(separator: ", ")) |\n"
            }
            out += "\n"
        }
        if !info.models.isEmpty {
            out += "## Models\n\n" + info.models.map { "- `\($0.tag)` (\($0.framework))" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
