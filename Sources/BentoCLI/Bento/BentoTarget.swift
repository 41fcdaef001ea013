import BentoBuild
import BentoCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bento serve BENTO`: a built bento, named by its tag in the bento store or by its folder (an
/// unpacked export, an image's `/bento`), served with the models, config and ONNX Runtime it carries.
enum BentoTarget {
    /// The bento `targets` names, if it is one bento rather than model tags. A folder holding
    /// `bento.yaml` is a bento; a tag is one when the bento store has it.
    static func find(_ targets: [String], home: String?) throws -> StoredBento? {
        guard targets.count == 1, let target = targets.first else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            return try Terminal.reportingErrors { try BentoStore.open(URL(fileURLWithPath: target).standardizedFileURL.path) }
        }
        guard let tag = try? Tag(parsing: target) else { return nil }
        let store = BentoStore(home: home ?? ModelStore.defaultHome())
        guard (try? store.resolve(tag)) != nil else { return nil }
        return try Terminal.reportingErrors { try store.get(tag) }
    }

    static func serve(_ bento: StoredBento, options: ServeOptions) async throws {
        let info = bento.info
        let lib = bento.directory + "/lib"
        let environment = ProcessInfo.processInfo.environment
        let useBentoConfig = options.config == nil && (environment["BENTO_CONFIG"] ?? "").isEmpty
        if info.service.kind == "zero-code" {
            var options = options
            options.home = bento.directory
            if options.onnxruntime == nil, FileManager.default.fileExists(atPath: lib) { options.onnxruntime = lib }
            if useBentoConfig, let config = bento.configPath { options.config = config }
            try await options.serve(service: nil, models: info.models.map(\.tag))
            return
        }
        // A compiled service: run its own `serve` with the bento as its home.
        var arguments = [bento.path(of: info.service.executable), "serve"]
        if let host = options.host { arguments += ["--host", host] }
        if let port = options.port { arguments += ["--port", String(port)] }
        if let config = options.config { arguments += ["--config", config] }
        if let level = options.logLevel { arguments += ["--log-level", level] }
        var env = environment
        env["BENTO_HOME"] = bento.directory
        if env["BENTO_ONNXRUNTIME"] == nil, FileManager.default.fileExists(atPath: lib) { env["BENTO_ONNXRUNTIME"] = lib }
        if useBentoConfig, let config = bento.configPath { env["BENTO_CONFIG"] = config }
        let cArguments = arguments.map { strdup($0) } + [nil]
        let cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(arguments[0], cArguments, cEnvironment)
        throw CLIError(message: "cannot start \(arguments[0]): \(String(cString: strerror(errno)))")
    }
}
