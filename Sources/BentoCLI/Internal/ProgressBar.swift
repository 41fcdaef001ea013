#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr, drawn only on a terminal and only for large transfers.
final class ProgressBar {
    /// Transfers smaller than this draw nothing.
    static let threshold: Int64 = 32 << 20

    private let label: String
    private let enabled: Bool
    private var lastPercent = -1

    init(label: String, enabled: Bool = Terminal.stderrIsTerminal) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int64, _ total: Int64) {
        guard enabled, total >= Self.threshold else { return }
        let percent = Int(done * 100 / max(total, 1))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.write("\r\(label) [\(bar)] \(percent)% of \(Format.bytes(total))")
        if percent >= 100 { Terminal.write("\n") }
    }

    /// Ends the line if the bar was drawn but did not reach 100%.
    func finish() {
        if lastPercent >= 0, lastPercent < 100 { Terminal.write("\n") }
    }
}
