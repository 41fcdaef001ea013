import Foundation

/// Finds the ONNX Runtime shared library, in order, first hit wins:
/// 1. an explicit path (config or CLI), a file or a folder;
/// 2. `BENTO_ONNXRUNTIME`, a file or a folder;
/// 3. Python: `importlib.util.find_spec('onnxruntime')`, then `capi/libonnxruntime.so*` under it;
/// 4. the system loader's paths (`libonnxruntime.so`, `libonnxruntime.so.1`).
///
/// An explicit path or `BENTO_ONNXRUNTIME` that names nothing loadable is an error at once, since
/// the user asked for that library. Otherwise the error lists every place tried and the fix.
struct LibraryLocator {
    /// A library to hand to `dlopen`: a path, or a bare name the system loader resolves.
    enum Candidate: Equatable {
        case path(String)
        case loaderName(String)
    }

    var explicitPath: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The Python interpreter used for discovery.
    var python: String = "python3"
    /// Names the system loader is asked for, last.
    var loaderNames: [String] = ["libonnxruntime.so", "libonnxruntime.so.1"]

    static let environmentKey = "BENTO_ONNXRUNTIME"

    /// The steps to try, in order, with what each found (`nil` when it found nothing), and a
    /// description of each place looked at.
    func candidates() throws(ONNXError) -> (found: [Candidate], tried: [String]) {
        var tried: [String] = []
        if let explicitPath {
            guard let file = Self.library(at: explicitPath) else {
                throw ONNXError(
                    .libraryNotFound,
                    "the ONNX Runtime library given explicitly, '\(explicitPath)', does not exist or holds no libonnxruntime.so*; "
                        + "fix the path, or install it with `pip install onnxruntime`"
                )
            }
            return ([.path(file)], ["explicit path \(explicitPath)"])
        }
        if let value = environment[Self.environmentKey], !value.isEmpty {
            guard let file = Self.library(at: value) else {
                throw ONNXError(
                    .libraryNotFound,
                    "\(Self.environmentKey)='\(value)' does not exist or holds no libonnxruntime.so*; "
                        + "point it at the library or its folder, or unset it"
                )
            }
            return ([.path(file)], ["\(Self.environmentKey)=\(value)"])
        }
        tried.append("\(Self.environmentKey) (not set)")

        var found: [Candidate] = []
        switch pythonPackageFolder() {
        case .success(let folder):
            let capi = (folder as NSString).appendingPathComponent("capi")
            if let file = Self.library(at: capi) {
                found.append(.path(file))
            }
            tried.append("Python (\(python)): onnxruntime package at \(folder), \(capi)/libonnxruntime.so*")
        case .failure(let reason):
            tried.append("Python (\(python)): \(reason)")
        }
        for name in loaderNames {
            found.append(.loaderName(name))
            tried.append("system loader: \(name) (LD_LIBRARY_PATH, ld.so.cache, /usr/lib)")
        }
        return (found, tried)
    }

    /// The library at `path`: the file itself, or the best `libonnxruntime.so*` in the folder.
    static func library(at path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return path }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        // libonnxruntime.so, libonnxruntime.so.1, libonnxruntime.so.1.32.0: prefer the longest
        // (most specific) name, which is the real file rather than a link to it.
        let matches = names.filter { $0 == "libonnxruntime.so" || $0.hasPrefix("libonnxruntime.so.") }
        guard let best = matches.max(by: { ($0.count, $0) < ($1.count, $1) }) else { return nil }
        return (path as NSString).appendingPathComponent(best)
    }

    /// Asks Python where the `onnxruntime` package is, without importing it.
    func pythonPackageFolder() -> Result<String, LocatorFailure> {
        let script =
            "import importlib.util, os; s = importlib.util.find_spec('onnxruntime'); "
            + "print(os.path.dirname(s.origin) if s and s.origin else '')"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `python` may be a command line such as `/usr/bin/env python3`.
        process.arguments = python.split(separator: " ").map(String.init) + ["-c", script]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(LocatorFailure(description: "could not start: \(error)"))
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(
                LocatorFailure(description: "not found or failed (exit status \(process.terminationStatus))"))
        }
        let folder = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !folder.isEmpty else {
            return .failure(LocatorFailure(description: "has no onnxruntime package"))
        }
        return .success(folder)
    }

    struct LocatorFailure: Error, CustomStringConvertible {
        var description: String
    }
}
