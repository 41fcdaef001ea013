import ArgumentParser
import BentoBuild
import BentoCore
import BentoONNX
import Foundation

/// `bento build [-f bentofile.yaml]`: builds a bento into the bento store.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a bento from bentofile.yaml: the service, its models, libraries, config, Dockerfile and manifests.",
        discussion: """
            A bentofile with `name` and `models` builds a zero-code bento served by this `bento` executable.
            With `service: {package: PATH, product: NAME}` the product is compiled in release with the Swift
            runtime linked statically. A failed build leaves nothing in the store.
            """
    )

    @Option(name: .shortAndLong, help: "The bentofile (default: ./bentofile.yaml).")
    var file: String = "bentofile.yaml"

    @Option(help: "The version to give the bento (default: generated).")
    var version: String?

    @Option(help: "The ONNX Runtime library to copy into lib/, a file or its folder (default: searched as `serve` does).")
    var onnxruntime: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try Terminal.reportingErrors {
            let start = ContinuousClock.now
            let bentofile = try Bentofile(contentsOf: file)
            if let version { try Tag.validate(version, part: "version") }
            let home = storeOptions.home ?? ModelStore.defaultHome()
            var builder = BentoBuilder(models: ModelStore(home: home), bentos: BentoStore(home: home))
            let stored = try builder.resolveModels(bentofile)
            let artifact: BentoBuilder.ServiceArtifact
            if let service = bentofile.service {
                Terminal.error("compiling \(service.product) in \(service.package) (swift build -c release --static-swift-stdlib)…")
                let compiled = try SwiftPackageCompiler(service: service).compile()
                artifact = .swift(compiled.description, openAPI: compiled.openAPI, executable: compiled.executable)
            } else {
                artifact = try Self.zeroCode(bentofile, models: stored)
            }
            if bentofile.service == nil || stored.contains(where: { $0.info.framework == "onnx" }) {
                builder.nativeLibraries = try Self.onnxLibraries(onnxruntime)
            }
            let bar = ProgressBar(label: "building")
            defer { bar.finish() }
            let bento = try builder.build(bentofile, service: artifact, version: version ?? Tag.generateVersion(), progress: bar.update)
            Terminal.error("built \(bento.info.tag) (\(Format.bytes(bento.info.size))) in \(ContinuousClock.now - start)")
            print(bento.info.tag)
        }
    }

    /// The description and OpenAPI document of the zero-code service serving `models`.
    static func zeroCode(_ bentofile: Bentofile, models: [StoredModel]) throws -> BentoBuilder.ServiceArtifact {
        var values: [String: String] = [:]
        if let config = bentofile.config {
            values = try ConfigurationSource.flatten(yaml: config, origin: "the bentofile's config")
            for key in values.keys where key.hasPrefix("runners.") {
                let parts = key.split(separator: ".")
                if parts.count >= 3, ["placement", "resources", "autoscaling"].contains(String(parts[2])) { values[key] = nil }
            }
        }
        let settings = try ServerSettings(source: ConfigurationSource(values: values))
        try settings.checkRunnerNames(models.map(\.info.name))
        // Described as embedded (placement was taken out above): nothing is started here.
        var supervisors: [RunnerSupervisor] = []
        let service = try ZeroCodeService.make(models: models, settings: settings, onnx: .defaults, supervisors: &supervisors)
        var description = ServiceDescription(service: service)
        for i in description.runners.indices {
            description.runners[i].model = models.first { $0.info.name == description.runners[i].name }?.tag.description
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return .zeroCode(description, openAPI: service.openAPIDocument(), executable: executable)
    }

    /// libonnxruntime as `serve` would find it, with the provider libraries beside it.
    static func onnxLibraries(_ explicit: String?) throws -> [String] {
        let info: ONNXRuntime.LibraryInfo
        do {
            info = try ONNXRuntime.loadLibrary(at: explicit)
        } catch {
            throw CLIError(message: "a bento carries ONNX Runtime in lib/, but it was not found: \(error); pass --onnxruntime PATH")
        }
        let real = URL(fileURLWithPath: info.path).resolvingSymlinksInPath().path
        let folder = (real as NSString).deletingLastPathComponent
        let providers = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("libonnxruntime_providers_") && $0.contains(".so") }.sorted().map { folder + "/" + $0 }
        return [real] + providers
    }
}
