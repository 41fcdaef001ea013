import Foundation

/// Compiles a SwiftPM service in release with the Swift runtime statically linked, and asks the
/// executable to describe itself (its hidden `describe` command, and `openapi`).
///
/// ```swift
/// let built = try SwiftPackageCompiler(service: bentofile.service!).compile()
/// ```
public struct SwiftPackageCompiler: Sendable {
    /// What a compile produced.
    public struct Output: Sendable {
        /// The release executable.
        public var executable: String
        /// What the executable says about its service.
        public var description: ServiceDescription
        /// Its OpenAPI document.
        public var openAPI: [UInt8]
    }

    public var service: Bentofile.SwiftService
    /// The `swift` to run.
    public var swift: String = "swift"

    public init(service: Bentofile.SwiftService) { self.service = service }

    /// Runs `swift build -c release --static-swift-stdlib --product P` in the package folder.
    /// `passThrough` shows the compiler's output as it goes.
    public func compile(passThrough: Bool = false) throws(BuildError) -> Output {
        guard FileManager.default.fileExists(atPath: service.package + "/Package.swift") else {
            throw BuildError(.invalidBentofile, "service.package \(service.package) holds no Package.swift")
        }
        let flags = ["-c", "release", "--static-swift-stdlib", "--product", service.product]
        let build = try Subprocess.run([swift, "build"] + flags, in: service.package)
        guard build.status == 0 else {
            throw BuildError(
                .compileFailed,
                "compiling product '\(service.product)' of the package at \(service.package) failed (swift build exit \(build.status)); "
                    + "nothing was added to the store. The compiler said:\n\(build.tail())")
        }
        let binPath = try Subprocess.run([swift, "build", "--show-bin-path"] + flags, in: service.package)
        let executable = binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + service.product
        guard binPath.status == 0, FileManager.default.isExecutableFile(atPath: executable) else {
            throw BuildError(.compileFailed, "swift build succeeded but \(executable) is not there; is '\(service.product)' an executable product?")
        }
        let described = try Subprocess.run([executable, "describe"])
        let decoded = try? JSONDecoder().decode(ServiceDescription.self, from: Data(described.stdout.utf8))
        guard described.status == 0, let description = decoded else {
            throw BuildError(
                .invalidService,
                "'\(service.product)' does not describe itself as a SwiftBento service (`\(service.product) describe` "
                    + "exited \(described.status)); its main must call `CLI.main(service:)`")
        }
        let openAPI = try Subprocess.run([executable, "openapi"])
        guard openAPI.status == 0 else {
            throw BuildError(.invalidService, "`\(service.product) openapi` failed (exit \(openAPI.status)): \(openAPI.tail(5))")
        }
        return Output(executable: executable, description: description, openAPI: Array(openAPI.stdout.utf8))
    }
}
