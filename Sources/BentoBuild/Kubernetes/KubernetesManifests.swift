import Yams

/// The Kubernetes manifests of a bento, as YAML files: the API server's ConfigMap, Deployment and
/// Service, and for every runner with placement `process` its own Deployment, Service and
/// HorizontalPodAutoscaler. The API server's config points each such runner at its Service URL
/// (`runners.<name>.placement: remote`, `runners.<name>.urls`).
///
/// ```swift
/// let manifests = try KubernetesManifests(bento: info, image: "registry.example.com/iris:v1", servingConfig: nil)
/// for (file, text) in manifests.files { … }
/// ```
public struct KubernetesManifests: Sendable {
    /// File name → YAML text (several documents each).
    public private(set) var files: [(String, String)] = []

    static let port = BentoInfo.imagePort
    static let defaultRequests = ["cpu": "500m", "memory": "512Mi"]

    /// Generates the manifests; `servingConfig` is the bento's `config.yaml`. Autoscaling comes from
    /// each runner's `runners.<name>.autoscaling.*` (min_replicas, max_replicas, target_cpu_utilization).
    public init(
        bento info: BentoInfo, image: String, servingConfig: String?
    ) throws(BuildError) {
        let base = Self.dnsName(info.name)
        let labels = ["app.kubernetes.io/name": base, "app.kubernetes.io/version": Self.labelValue(info.version),
                      "app.kubernetes.io/managed-by": "swiftbento"]
        var remote: [(String, String)] = []
        for runner in info.processRunners {
            let name = Self.dnsName("\(info.name)-runner-\(runner.name)")
            remote.append((runner.name, "http://\(name):\(Self.port)"))
            // A zero-code runner serves its stored model (`bento runner serve TAG`); a Swift
            // service's executable hosts one of its own runners by name (`runner serve --name`).
            let hosted = runner.model.map { [$0] } ?? ["--name", runner.name]
            var args = ["runner", "serve"] + hosted + ["--home", BentoInfo.imageRoot,
                        "--onnxruntime", BentoInfo.imageRoot + "/lib", "--host", "0.0.0.0", "--port", String(Self.port)]
            if info.files.contains(where: { $0.path == "config.yaml" }) {
                args += ["--config", BentoInfo.imageRoot + "/config.yaml"]
            }
            let component = labels.merging(["app.kubernetes.io/component": "runner-" + Self.labelValue(runner.name)]) { $1 }
            let scaling = runner.autoscaling ?? [:]
            let minReplicas = Int(scaling["min_replicas"] ?? "1") ?? 1
            let maxReplicas = Int(scaling["max_replicas"] ?? "") ?? max(minReplicas, 5)
            let target = Int(scaling["target_cpu_utilization"] ?? "80") ?? 80
            guard minReplicas >= 1, maxReplicas >= minReplicas, (1...100).contains(target) else {
                throw BuildError(
                    .invalidBentofile,
                    "runners.\(runner.name).autoscaling: need 1 <= min_replicas <= max_replicas and target_cpu_utilization in 1...100")
            }
            let documents = [
                Self.deployment(
                    name: name, labels: component, image: image,
                    command: [BentoInfo.imageRoot + "/" + info.service.executable], args: args,
                    env: info.serveEnvironment(), resources: runner.resources ?? [:], replicas: minReplicas, configMap: nil),
                Self.service(name: name, labels: component),
                """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: \(name)
                  labels:
                \(Self.mapping(component, indent: 4))
                spec:
                  scaleTargetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: \(name)
                  minReplicas: \(minReplicas)
                  maxReplicas: \(maxReplicas)
                  metrics:
                  - type: Resource
                    resource:
                      name: cpu
                      target:
                        type: Utilization
                        averageUtilization: \(target)
                """,
            ]
            files.append(("runner-\(Self.dnsName(runner.name)).yaml", documents.joined(separator: "\n---\n") + "\n"))
        }

        let api = labels.merging(["app.kubernetes.io/component": "api-server"]) { $1 }
        let configText = try Self.apiServerConfig(servingConfig, remote: remote)
        var documents: [String] = []
        var command = info.serveCommand()
        var env = info.serveEnvironment()
        if let configText {
            documents.append(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: \(base)-config
                  labels:
                \(Self.mapping(api, indent: 4))
                data:
                  config.yaml: \(JSONText.quoted(configText))
                """)
            env["BENTO_CONFIG"] = "/etc/bento/config.yaml"
        }
        let executable = command.removeFirst()
        documents.append(
            Self.deployment(
                name: base, labels: api, image: image, command: [executable], args: command, env: env, resources: [:],
                replicas: 1, configMap: configText == nil ? nil : base + "-config"))
        documents.append(Self.service(name: base, labels: api))
        files.insert(("api-server.yaml", documents.joined(separator: "\n---\n") + "\n"), at: 0)
    }

    /// The API server's configuration: the bento's, with every `process` runner made remote.
    static func apiServerConfig(_ serving: String?, remote: [(String, String)]) throws(BuildError) -> String? {
        guard serving != nil || !remote.isEmpty else { return nil }
        var top = Node.Mapping([])
        if let serving, let node = try? Yams.compose(yaml: serving), case .mapping(let m) = node { top = m }
        var runners: Node.Mapping = [:]
        if let node = top["runners"], case .mapping(let m) = node { runners = m }
        for (name, url) in remote {
            var fields: Node.Mapping = [:]
            if let node = runners[name], case .mapping(let m) = node { fields = m }
            fields["placement"] = Node("remote")
            fields["urls"] = Node(url)
            fields["replicas"] = nil
            runners[name] = .mapping(fields)
        }
        if !runners.isEmpty { top["runners"] = .mapping(runners) }
        do {
            return try Yams.serialize(node: .mapping(top))
        } catch {
            throw BuildError(.invalidBentofile, "cannot write the API server's config: \(error)")
        }
    }

    static func deployment(
        name: String, labels: [String: String], image: String, command: [String], args: [String],
        env: [String: String], resources: [String: String], replicas: Int, configMap: String?
    ) -> String {
        var requests = defaultRequests
        var limits: [String: String] = [:]
        for (key, value) in resources {
            requests[key] = value
            if key != "cpu" { limits[key] = value }
        }
        var lines = [
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: \(name)",
            "  labels:",
            mapping(labels, indent: 4),
            "spec:",
            "  replicas: \(replicas)",
            "  selector:",
            "    matchLabels:",
            mapping(selector(labels), indent: 6),
            "  template:",
            "    metadata:",
            "      labels:",
            mapping(labels, indent: 8),
            "    spec:",
            "      securityContext:",
            "        runAsNonRoot: true",
            "        runAsUser: 65532",
            "        runAsGroup: 65532",
            "      containers:",
            "      - name: bento",
            "        image: \(JSONText.quoted(image))",
            "        command: [\(command.map(JSONText.quoted).joined(separator: ", "))]",
            "        args: [\(args.map(JSONText.quoted).joined(separator: ", "))]",
            "        ports:",
            "        - name: http",
            "          containerPort: \(port)",
            "          protocol: TCP",
            "        env:",
        ]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) {
            lines += ["        - name: \(JSONText.quoted(key))", "          value: \(JSONText.quoted(value))"]
        }
        lines += [
            "        livenessProbe:",
            "          httpGet: {path: /livez, port: http}",
            "          initialDelaySeconds: 2",
            "          periodSeconds: 10",
            "        readinessProbe:",
            "          httpGet: {path: /readyz, port: http}",
            "          periodSeconds: 5",
            "        resources:",
            "          requests:",
            mapping(requests, indent: 12),
        ]
        if !limits.isEmpty { lines += ["          limits:", mapping(limits, indent: 12)] }
        if let configMap {
            lines += [
                "        volumeMounts:",
                "        - name: config",
                "          mountPath: /etc/bento",
                "          readOnly: true",
                "      volumes:",
                "      - name: config",
                "        configMap:",
                "          name: \(configMap)",
            ]
        }
        return lines.joined(separator: "\n")
    }

    static func service(name: String, labels: [String: String]) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          labels:
        \(mapping(labels, indent: 4))
        spec:
          type: ClusterIP
          selector:
        \(mapping(selector(labels), indent: 4))
          ports:
          - name: http
            port: \(port)
            targetPort: http
            protocol: TCP
        """
    }

    /// The labels a selector matches on (the version changes between rollouts, so it is left out).
    static func selector(_ labels: [String: String]) -> [String: String] {
        labels.filter { $0.key != "app.kubernetes.io/version" }
    }

    static func mapping(_ values: [String: String], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return values.sorted { $0.key < $1.key }.map { "\(pad)\($0.key): \(JSONText.quoted($0.value))" }.joined(separator: "\n")
    }

    /// A DNS-1123 label: lowercase letters, digits and '-', at most 63 characters.
    static func dnsName(_ text: String) -> String {
        let mapped = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(63))
        return String(mapped.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }

    /// A label value: at most 63 characters of letters, digits, '-', '_' and '.'.
    static func labelValue(_ text: String) -> String { String(text.prefix(63)) }
}
