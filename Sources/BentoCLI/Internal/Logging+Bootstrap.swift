import Logging

extension CLILogging {
    /// Sends log lines to standard error at `level` (default info), once per process, and
    /// returns the CLI's logger.
    static func bootstrapped(level: String?) -> Logger {
        let parsed = level.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingBootstrap.once(level: parsed)
        var logger = Logger(label: "bento")
        logger.logLevel = parsed
        return logger
    }
}

enum CLILogging {}

private enum LoggingBootstrap {
    nonisolated(unsafe) static var done = false
    static func once(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
