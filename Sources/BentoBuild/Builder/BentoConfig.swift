import BentoCore
import Foundation
import Yams

/// A bento's configuration: the keys `bento serve` reads (written to `config.yaml`), and the
/// deployment settings read out of them for `bento.yaml` and the Kubernetes manifests
/// (`runners.<name>.placement` and `resources.*`, which `bento serve` also honours, and
/// `runners.<name>.autoscaling.*`, which only Kubernetes uses and is left out of `config.yaml`).
struct BentoConfig {
    /// Per-runner deployment settings.
    struct RunnerDeployment: Equatable {
        var placement: String?
        var resources: [String: String] = [:]
        var autoscaling: [String: String] = [:]
    }

    static let placements = ["embedded", "process", "remote"]

    /// The serving configuration as YAML (`nil` when nothing is left).
    var serving: String?
    var runners: [String: RunnerDeployment] = [:]

    init(yaml text: String?, source: String) throws(BuildError) {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: text)
        } catch {
            throw BuildError(.invalidBentofile, "\(source): the config is not valid YAML: \(error)")
        }
        guard let parsed, case .mapping(var top) = parsed else {
            throw BuildError(.invalidBentofile, "\(source): the config must be a YAML mapping")
        }
        if let runnersNode = top["runners"], case .mapping(var runnersMap) = runnersNode {
            for (key, value) in runnersMap {
                guard let name = key.string, case .mapping(var fields) = value else { continue }
                var deployment = RunnerDeployment()
                if let p = fields["placement"] {
                    guard let placement = p.string, Self.placements.contains(placement) else {
                        throw BuildError(
                            .invalidBentofile,
                            "\(source): runners.\(name).placement must be embedded, process or remote, got '\(p.string ?? "\(p)")'")
                    }
                    deployment.placement = placement
                }
                deployment.resources = try Self.flat(fields["resources"], "runners.\(name).resources", source)
                deployment.autoscaling = try Self.flat(fields["autoscaling"], "runners.\(name).autoscaling", source)
                for unknown in deployment.autoscaling.keys where !["min_replicas", "max_replicas", "target_cpu_utilization"].contains(unknown) {
                    throw BuildError(
                        .invalidBentofile,
                        "\(source): unknown key 'runners.\(name).autoscaling.\(unknown)'; known are min_replicas, max_replicas, target_cpu_utilization")
                }
                if deployment != RunnerDeployment() { runners[name] = deployment }
                fields["autoscaling"] = nil
                // Kubernetes-only resources (memory, …) stay out; cpu and GPUs size replicas here too.
                if let node = fields["resources"], case .mapping(var resources) = node {
                    for (key, _) in resources where !["cpu", "nvidia.com/gpu"].contains(key.string ?? "") {
                        resources[key] = nil
                    }
                    fields["resources"] = resources.isEmpty ? nil : .mapping(resources)
                }
                runnersMap[key] = fields.isEmpty ? nil : .mapping(fields)
            }
            top["runners"] = runnersMap.isEmpty ? nil : .mapping(runnersMap)
        }
        guard !top.isEmpty else { return }
        do {
            serving = try Yams.serialize(node: .mapping(top))
        } catch {
            throw BuildError(.invalidBentofile, "\(source): cannot re-encode the config: \(error)")
        }
    }

    /// A mapping of scalars, flattened one level (`nvidia.com/gpu: 1` stays one key).
    private static func flat(_ node: Node?, _ path: String, _ source: String) throws(BuildError) -> [String: String] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            throw BuildError(.invalidBentofile, "\(source): \(path) must be a mapping")
        }
        var out: [String: String] = [:]
        for (key, value) in mapping {
            guard let k = key.string, let v = value.string else {
                throw BuildError(.invalidBentofile, "\(source): \(path) must map names to single values")
            }
            out[k] = v
        }
        return out
    }
}
