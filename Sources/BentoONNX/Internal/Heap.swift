#if canImport(Glibc)
import Glibc
#endif

/// The C heap that ONNX Runtime allocates from.
enum Heap {
    /// Hands the C heap's free pages back to the system.
    ///
    /// Loading a model frees far more than it keeps (the parsed protobuf, constant-folded
    /// copies of the weights, their serialised forms): for all-MiniLM-L6-v2 about 57 MiB that
    /// glibc would otherwise keep for the life of the process, because on its own it returns
    /// memory only from the top of each of its arenas. `malloc_trim` releases free pages
    /// anywhere. A no-op where the C library has no `malloc_trim`.
    static func releaseFreePages() {
        _ = trim?(0)
    }

    private typealias Trim = @convention(c) (Int) -> Int32

    /// glibc's `malloc_trim(size_t pad)`, looked up in the process's global scope (Swift's Glibc
    /// module does not declare it).
    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()
}
