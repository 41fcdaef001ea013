/// One call on an `OrtSessionOptions` object, in the order ``OrtLibrary/createSession(path:options:)``
/// makes them; ``ONNXRuntime/SessionOptions/settings`` lists them, so what a configuration turns
/// into is visible (and testable) without ONNX Runtime.
enum SessionSetting: Equatable {
    case intraOpThreads(Int32)
    case interOpThreads(Int32)
    case graphOptimization(ONNXRuntime.GraphOptimization)
    /// `DisableCpuMemArena`; ONNX Runtime's default is an arena.
    case disableMemoryArena
    /// `DisableMemPattern`; ONNX Runtime's default is on.
    case disableMemoryPattern
    /// `AddSessionConfigEntry(key, value)`.
    case configEntry(String, String)
}

extension ONNXRuntime.SessionOptions {
    /// The calls these options make on a fresh `OrtSessionOptions`, providers aside.
    var settings: [SessionSetting] {
        var settings: [SessionSetting] = [
            .intraOpThreads(Int32(clamping: intraOpThreads)),
            .interOpThreads(Int32(clamping: interOpThreads)),
            .graphOptimization(graphOptimization),
        ]
        if !memoryArena { settings.append(.disableMemoryArena) }
        if !memoryPattern { settings.append(.disableMemoryPattern) }
        settings += configEntries.sorted { $0.key < $1.key }.map { .configEntry($0.key, $0.value) }
        return settings
    }
}

extension OrtLibrary {
    /// Makes one ``SessionSetting`` call on `options`.
    func apply(_ setting: SessionSetting, to options: OpaquePointer) throws {
        let status: OrtStatusPointer
        switch setting {
        case .intraOpThreads(let n): status = api.setIntraOpNumThreads(options, n)
        case .interOpThreads(let n): status = api.setInterOpNumThreads(options, n)
        case .graphOptimization(let level): status = api.setSessionGraphOptimizationLevel(options, level.level)
        case .disableMemoryArena: status = api.disableCpuMemArena(options)
        case .disableMemoryPattern: status = api.disableMemPattern(options)
        case .configEntry(let key, let value): status = api.addSessionConfigEntry(options, key, value)
        }
        try check(status, .sessionCreationFailed) {
            switch setting {
            case .intraOpThreads(let n): "intra-op threads \(n)"
            case .interOpThreads(let n): "inter-op threads \(n)"
            case .graphOptimization(let level): "graph optimisation level \(level)"
            case .disableMemoryArena: "could not turn the CPU memory arena off"
            case .disableMemoryPattern: "could not turn memory patterns off"
            case .configEntry(let key, let value): "session configuration entry \(key)=\(value)"
            }
        }
    }
}
