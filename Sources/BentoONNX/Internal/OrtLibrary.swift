import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded ONNX Runtime: the `dlopen` handle's API table, the process-wide environment, the
/// default allocator and the CPU memory description used for every input.
///
/// Loaded once per requested location and kept for the life of the process (never `dlclose`d:
/// sessions and values may outlive any one owner).
///
/// `@unchecked Sendable`: every stored property is immutable after `init`; the C objects it holds
/// (`OrtEnv`, the default `OrtAllocator`, `OrtMemoryInfo`) are documented by ONNX Runtime as safe
/// to use from many threads at once.
final class OrtLibrary: @unchecked Sendable {
    let api: OrtAPI
    let path: String
    let version: String
    let availableProviders: [String]
    let env: OpaquePointer
    let allocator: OpaquePointer
    let cpuMemoryInfo: OpaquePointer

    private static let loaded = Mutex<[String: OrtLibrary]>([:])
    static let logger = Logger(label: "bento.onnx")

    /// The library for `explicitPath` (or the search, when `nil`), loading it at first use.
    static func shared(explicitPath: String?, locator: LibraryLocator? = nil) throws(ONNXError) -> OrtLibrary {
        let key = explicitPath ?? ""
        return try loaded.withLock { cache throws(ONNXError) -> OrtLibrary in
            if let library = cache[key] { return library }
            var locator = locator ?? LibraryLocator()
            locator.explicitPath = explicitPath
            let library = try load(using: locator, alreadyLoaded: cache)
            cache[key] = library
            cache[library.path] = library
            return library
        }
    }

    static func load(
        using locator: LibraryLocator, alreadyLoaded: [String: OrtLibrary]
    ) throws(ONNXError)
        -> OrtLibrary
    {
        let (candidates, tried) = try locator.candidates()
        var failures: [String] = []
        for candidate in candidates {
            let name: String
            switch candidate {
            case .path(let path): name = path
            case .loaderName(let loaderName): name = loaderName
            }
            if let library = alreadyLoaded[name] { return library }
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
                if case .path = candidate { failures.append("\(name): \(reason)") }
                continue
            }
            let resolved = resolvedPath(of: handle) ?? name
            if let library = alreadyLoaded[resolved] { return library }
            return try OrtLibrary(handle: handle, path: resolved)
        }
        let failed = failures.isEmpty ? "" : " Found but could not load: \(failures.joined(separator: "; "))."
        throw ONNXError(
            .libraryNotFound,
            "ONNX Runtime's library (libonnxruntime.so) was not found. Tried, in order: "
                + tried.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
                + ".\(failed) Fix: `pip install onnxruntime` (or set \(LibraryLocator.environmentKey) to the library or its folder)."
        )
    }

    private init(handle: UnsafeMutableRawPointer, path: String) throws(ONNXError) {
        self.path = path
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            throw ONNXError(.libraryLoadFailed, "\(path) is not ONNX Runtime: it has no OrtGetApiBase symbol")
        }
        let getBase = unsafeBitCast(symbol, to: OrtAPIBase.GetAPIBase.self)
        guard let base = getBase() else {
            throw ONNXError(.libraryLoadFailed, "OrtGetApiBase in \(path) returned no API base")
        }
        let (getAPI, getVersion) = OrtAPIBase.functions(of: base)
        let version = getVersion().map { String(cString: $0) } ?? "unknown"
        self.version = version
        guard let table = getAPI(OrtAPI.minimumVersion) else {
            throw ONNXError(
                .incompatibleLibrary,
                "ONNX Runtime \(version) at \(path) does not offer C API version \(OrtAPI.minimumVersion); "
                    + "SwiftBento needs ONNX Runtime 1.6 or newer (`pip install onnxruntime`)"
            )
        }
        let api = OrtAPI(table: table)
        self.api = api
        availableProviders = try Self.selfTest(api, path: path, version: version)

        var env: OpaquePointer?
        try Self.check(api, api.createEnv(OrtConstant.loggingError, "swiftbento", &env), .libraryLoadFailed) {
            "ONNX Runtime \(version) at \(path) could not create its environment"
        }
        var allocator: OpaquePointer?
        try Self.check(api, api.getAllocatorWithDefaultOptions(&allocator), .libraryLoadFailed) {
            "no default allocator"
        }
        var memoryInfo: OpaquePointer?
        try Self.check(
            api,
            api.createCpuMemoryInfo(OrtConstant.arenaAllocator, OrtConstant.memTypeDefault, &memoryInfo),
            .libraryLoadFailed
        ) { "no CPU memory info" }
        guard let env, let allocator, let memoryInfo else {
            throw ONNXError(.incompatibleLibrary, "ONNX Runtime \(version) at \(path) returned null objects at set-up")
        }
        self.env = env
        self.allocator = allocator
        self.cpuMemoryInfo = memoryInfo
        Self.logger.info(
            "loaded ONNX Runtime",
            metadata: ["path": "\(path)", "version": "\(version)", "providers": "\(availableProviders)"]
        )
    }

    /// Round-trips a status and lists the providers, so a table read at the wrong offsets fails
    /// here, loudly, rather than later in a model run.
    private static func selfTest(_ api: OrtAPI, path: String, version: String) throws(ONNXError) -> [String] {
        let probe = "swiftbento self-test"
        guard let status = api.createStatus(OrtConstant.errorInvalidArgument, probe) else {
            throw ONNXError(
                .incompatibleLibrary,
                "ONNX Runtime \(version) at \(path) failed its self-test: CreateStatus returned null")
        }
        let code = api.getErrorCode(status)
        let message = api.getErrorMessage(status).map { String(cString: $0) }
        api.releaseStatus(status)
        guard code == OrtConstant.errorInvalidArgument, message == probe else {
            throw ONNXError(
                .incompatibleLibrary,
                "ONNX Runtime \(version) at \(path) failed its self-test: a status round trip gave code \(code), "
                    + "message \(message.map { "'\($0)'" } ?? "nil"); the C API table does not match SwiftBento's"
            )
        }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Int32 = 0
        try check(api, api.getAvailableProviders(&list, &count), .incompatibleLibrary) {
            "ONNX Runtime \(version) at \(path) failed its self-test: GetAvailableProviders"
        }
        var providers: [String] = []
        if let list {
            for index in 0..<Int(count) {
                if let name = list[index] { providers.append(String(cString: name)) }
            }
            _ = api.releaseAvailableProviders(list, count).map(api.releaseStatus)
        }
        guard providers.contains("CPUExecutionProvider") else {
            throw ONNXError(
                .incompatibleLibrary,
                "ONNX Runtime \(version) at \(path) failed its self-test: its providers \(providers) lack CPUExecutionProvider"
            )
        }
        return providers
    }

    /// Throws an error carrying ONNX Runtime's message when `status` is a failure, releasing it.
    static func check(
        _ api: OrtAPI,
        _ status: OrtStatusPointer,
        _ code: ONNXError.Code,
        _ context: () -> String
    ) throws(ONNXError) {
        guard let status else { return }
        let message = api.getErrorMessage(status).map { String(cString: $0) } ?? "no message"
        api.releaseStatus(status)
        throw ONNXError(code, "\(context()): \(message)")
    }

    func check(_ status: OrtStatusPointer, _ code: ONNXError.Code, _ context: () -> String) throws(ONNXError) {
        try Self.check(api, status, code, context)
    }

    /// The file the system loader picked for a bare library name, read from `/proc/self/maps`
    /// (`dladdr` needs `_GNU_SOURCE`, which Swift's Glibc module does not set).
    private static func resolvedPath(of handle: UnsafeMutableRawPointer) -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let file = String(line[slash...])
            if (file as NSString).lastPathComponent.hasPrefix("libonnxruntime.so") { return file }
        }
        return nil
    }
}
