#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import BentoCore

/// Standard error, terminals, confirmation prompts and the one-line error report.
enum Terminal {
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Writes text to standard error, unbuffered.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc_write(2, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { return }
            done += n
        }
    }

    static func error(_ line: String) {
        Terminal.write(line + "\n")
    }

    /// Asks a yes/no question on a terminal; `false` unless the answer starts with `y`.
    static func confirm(_ question: String) -> Bool {
        Terminal.write(question + " [y/N] ")
        guard let answer = readLine() else { return false }
        return answer.lowercased().hasPrefix("y")
    }

    /// Runs `body`; a thrown error becomes one line on stderr (`error: …`) and exit status 1.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch let error as CLIError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.failure
        } catch let error as ConfigurationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.failure
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}

/// A command-line mistake found after parsing (e.g. a malformed `--label`).
struct CLIError: Error {
    var message: String
}

private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(fd, buf, count)
    #elseif canImport(Musl)
    Musl.write(fd, buf, count)
    #else
    Glibc.write(fd, buf, count)
    #endif
}
