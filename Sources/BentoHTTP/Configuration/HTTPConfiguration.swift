/// How the HTTP frontend listens and what traffic it lets through.
///
/// Every field has a default (BentoML's where it has one); change only what you need.
///
/// ```swift
/// var configuration = HTTPConfiguration()
/// configuration.port = 8080
/// configuration.traffic.maxConcurrency = 64
/// configuration.security.bearerToken = "s3cret"
/// ```
public struct HTTPConfiguration: Sendable {
    /// The address to bind. Default `0.0.0.0`, as `bento serve`.
    public var host: String
    /// The port to bind. Default 3000; 0 picks a free one.
    public var port: Int
    /// When set, listen on this Unix domain socket instead of ``host`` and ``port`` (a stale
    /// socket file there is replaced).
    public var socketPath: String? = nil
    /// Request limits.
    public var traffic: Traffic
    /// CORS and authentication.
    public var security: Security
    /// Logging and compression.
    public var behaviour: Behaviour

    /// Request limits: each one turns into a status when exceeded.
    public struct Traffic: Sendable {
        /// Time a request may take before it is answered 504. Default 60 s; `nil` for none.
        public var timeout: Duration?
        /// Requests to APIs and models handled at once; the next one is answered 429. `nil` for none.
        public var maxConcurrency: Int?
        /// The largest body accepted, before and after decompression; bigger is answered 413.
        /// Default 20 MiB.
        public var maxBodySize: Int
        /// How long in-flight requests may take to finish after SIGTERM. Default 30 s.
        public var gracefulShutdownTimeout: Duration

        /// Creates the defaults, with any field given.
        public init(
            timeout: Duration? = .seconds(60),
            maxConcurrency: Int? = nil,
            maxBodySize: Int = 20 * 1024 * 1024,
            gracefulShutdownTimeout: Duration = .seconds(30)
        ) {
            self.timeout = timeout
            self.maxConcurrency = maxConcurrency
            self.maxBodySize = maxBodySize
            self.gracefulShutdownTimeout = gracefulShutdownTimeout
        }
    }

    /// Opt-in CORS and bearer-token checks. Probes, metrics, docs and the web page stay open.
    public struct Security: Sendable {
        /// Origins allowed to call from a browser (`*` for any); empty turns CORS off (the default).
        public var corsAllowedOrigins: [String]
        /// When set, API and model routes require `Authorization: Bearer <token>` (401 otherwise).
        public var bearerToken: String?

        /// Creates the defaults, with any field given.
        public init(corsAllowedOrigins: [String] = [], bearerToken: String? = nil) {
            self.corsAllowedOrigins = corsAllowedOrigins
            self.bearerToken = bearerToken
        }
    }

    /// Logging and compression.
    public struct Behaviour: Sendable {
        /// Whether each request writes an access log line (at `info`). Default on.
        public var accessLog: Bool
        /// Responses at least this long are gzipped for clients that accept it. Default 1 KiB.
        public var gzipMinimumSize: Int

        /// Creates the defaults, with any field given.
        public init(accessLog: Bool = true, gzipMinimumSize: Int = 1024) {
            self.accessLog = accessLog
            self.gzipMinimumSize = gzipMinimumSize
        }
    }

    /// Creates the defaults, with any field given.
    public init(
        host: String = "0.0.0.0",
        port: Int = 3000,
        traffic: Traffic = Traffic(),
        security: Security = Security(),
        behaviour: Behaviour = Behaviour()
    ) {
        self.host = host
        self.port = port
        self.traffic = traffic
        self.security = security
        self.behaviour = behaviour
    }

    /// The defaults: `0.0.0.0:3000`, 60 s timeout, 20 MiB bodies, no CORS, no token.
    public static var defaults: HTTPConfiguration { HTTPConfiguration() }
}
