import BentoCore
import Foundation

/// The first image of an OCI image layout, read for use as a base: its layer descriptors,
/// their diff_ids and its environment. Every blob is checked to be present with its size.
struct BaseImage {
    struct Layer {
        var mediaType: String
        var digest: String
        var size: Int64
    }

    var layers: [Layer] = []
    var diffIDs: [String] = []
    var env: [String] = []

    init(layout: String) throws {
        func object(_ path: String, _ what: String) throws -> [String: Any] {
            guard let data = FileManager.default.contents(atPath: path),
                let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw BuildError(.invalidBento, "base image \(layout): cannot read its \(what) (\(path))")
            }
            return value
        }
        func blob(_ descriptor: [String: Any]?, _ what: String) throws -> String {
            guard let digest = descriptor?["digest"] as? String, digest.hasPrefix("sha256:"),
                !digest.contains("/"), let size = descriptor?["size"] as? Int,
                FileSystem.size(layout + "/blobs/sha256/" + digest.dropFirst(7)) == Int64(size)
            else {
                throw BuildError(.invalidBento, "base image \(layout): its \(what) blob is missing or of the wrong size")
            }
            return layout + "/blobs/sha256/" + digest.dropFirst(7)
        }
        let index = try object(layout + "/index.json", "index.json")
        guard let first = (index["manifests"] as? [[String: Any]])?.first else {
            throw BuildError(.invalidBento, "base image \(layout): its index.json lists no image")
        }
        let manifest = try object(try blob(first, "manifest"), "manifest")
        let config = try object(try blob(manifest["config"] as? [String: Any], "config"), "config")
        for descriptor in manifest["layers"] as? [[String: Any]] ?? [] {
            _ = try blob(descriptor, "layer")
            layers.append(
                Layer(
                    mediaType: descriptor["mediaType"] as? String ?? "application/vnd.oci.image.layer.v1.tar",
                    digest: descriptor["digest"] as! String, size: Int64(descriptor["size"] as! Int)))
        }
        diffIDs = (config["rootfs"] as? [String: Any])?["diff_ids"] as? [String] ?? []
        guard diffIDs.count == layers.count else {
            throw BuildError(.invalidBento, "base image \(layout): its config lists \(diffIDs.count) diff_ids for \(layers.count) layers")
        }
        env = (config["config"] as? [String: Any])?["Env"] as? [String] ?? []
    }
}
