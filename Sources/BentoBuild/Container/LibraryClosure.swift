import BentoCore
import Foundation

/// The shared libraries a program needs, as `ldd` resolves them on this machine (the dynamic
/// loader included): what an image's root file system must hold for the binary to start.
enum LibraryClosure {
    /// One library: where the loader looks for it (its path in the image) and the real file.
    struct Library: Hashable {
        var imagePath: String
        var file: String
    }

    /// The union of the closures of `binaries` (executables and shared objects).
    static func of(_ binaries: [String]) throws(BuildError) -> [Library] {
        var out: Set<Library> = []
        for binary in binaries {
            let result = try Subprocess.run(["ldd", binary])
            let text = result.stdout + result.stderr
            if text.contains("not a dynamic executable") || text.contains("statically linked") { continue }
            guard result.status == 0 else {
                throw BuildError(.toolFailed, "ldd \(binary) failed (exit \(result.status)): \(result.tail(5))")
            }
            for line in text.split(separator: "\n") {
                if line.contains("=> not found") {
                    throw BuildError(
                        .toolFailed, "\(binary) needs \(line.split(separator: " ").first ?? ""), which this machine does not have; install it")
                }
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                let path: String? =
                    if let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count { words[arrow + 1] }
                    else { words.first { $0.hasPrefix("/") } }
                guard let path, path.hasPrefix("/") else { continue }  // linux-vdso.so.1 has no file
                let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                out.insert(Library(imagePath: path, file: real))
            }
        }
        return out.sorted { $0.imagePath < $1.imagePath }
    }
}
