import Testing

@testable import BentoBuild

@Suite struct BentofileTests {
    @Test func readsAZeroCodeBentofile() throws {
        let bentofile = try Bentofile(
            yaml: """
                name: iris-bento
                description: Iris species.
                labels: {team: ml}
                models: [iris:latest]
                docker: {base_image: "debian:12", system_packages: [libgomp1], env: {A: b}}
                config: {runners: {iris: {placement: process, batching: {max_batch_size: 8}}}}
                """, source: "bentofile.yaml", directory: "/tmp/x")
        #expect(bentofile.name == "iris-bento")
        #expect(bentofile.service == nil)
        #expect(bentofile.models == ["iris:latest"])
        #expect(bentofile.labels == ["team": "ml"])
        #expect(bentofile.docker.baseImage == "debian:12")
        #expect(bentofile.docker.systemPackages == ["libgomp1"])
        let config = try BentoConfig(yaml: bentofile.config, source: "bentofile.yaml")
        #expect(config.runners["iris"]?.placement == "process")
        #expect(config.serving?.contains("max_batch_size: 8") == true)
        // bento serve honours placement too, so it stays in the serving config.
        #expect(config.serving?.contains("placement: process") == true)
    }

    @Test func readsASwiftService() throws {
        let bentofile = try Bentofile(
            yaml: "name: svc\nservice: {package: pkg, product: my-service}\n", source: "b.yaml", directory: "/work/app")
        #expect(bentofile.service == .init(package: "/work/app/pkg", product: "my-service"))
    }

    @Test(arguments: [
        ("name: a\nmodels: [x]\nmodel: [y]\n", "unknown key 'model'"),
        ("name: a\nmodels: [x]\ndocker: {base: x}\n", "unknown key 'docker.base'"),
        ("name: a\nservice: {package: ., product: p, target: q}\n", "unknown key 'service.target'"),
        ("models: [x]\n", "has no `name`"),
        ("name: A_B\nmodels: [x]\n", "the name 'A_B' is invalid"),
        ("name: a\n", "neither `service` nor `models`"),
        ("name: a\nmodels: x\n", "'models' must be a list"),
        ("- a\n", "must be a YAML mapping"),
    ])
    func refusesBadBentofiles(text: String, expected: String) {
        #expect {
            _ = try Bentofile(yaml: text, source: "bentofile.yaml", directory: "/tmp")
        } throws: { error in
            (error as? BuildError).map { $0.code == .invalidBentofile && $0.message.contains(expected) } ?? false
        }
    }

    @Test func refusesBadDeploymentKeys() {
        #expect(throws: BuildError.self) {
            _ = try BentoConfig(yaml: "runners: {iris: {placement: moon}}", source: "b")
        }
        #expect(throws: BuildError.self) {
            _ = try BentoConfig(yaml: "runners: {iris: {autoscaling: {max: 3}}}", source: "b")
        }
    }
}
