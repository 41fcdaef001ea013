/// A configuration file, override or value that SwiftBento cannot use.
///
/// The message names the key and what is wrong (`unknown configuration key 'api_server.htp.port'`).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The offending keys, when the error is about keys.
    public var keys: [String]
    /// A sentence a user can act on.
    public var message: String

    /// Creates an error.
    public init(_ message: String, keys: [String] = []) {
        self.message = message
        self.keys = keys
    }

    public var description: String { message }
}
