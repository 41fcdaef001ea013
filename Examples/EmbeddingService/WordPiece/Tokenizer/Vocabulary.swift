public import Foundation

/// A WordPiece vocabulary: one token per line of a `vocab.txt`, the line number being its id.
///
/// ```swift
/// let vocabulary = try Vocabulary(contentsOf: URL(fileURLWithPath: "vocab.txt"))
/// vocabulary.id(for: "hello")   // 7592
/// vocabulary.token(for: 101)    // "[CLS]"
/// ```
public struct Vocabulary: Sendable {
    /// The tables, shared by every copy: a tokenizer is copied into closures and tasks freely.
    private final class Storage: Sendable {
        let tokens: [String]
        let ids: [String: Int]
        let trie: TokenTrie

        init(tokens: [String], ids: [String: Int]) {
            self.tokens = tokens
            self.ids = ids
            self.trie = TokenTrie(tokens: tokens)
        }
    }

    private let storage: Storage

    /// The tokens, indexed by id.
    public var tokens: [String] { storage.tokens }

    /// A trie over the tokens' Unicode scalars, for allocation-free longest-match lookups.
    var trie: TokenTrie { storage.trie }

    /// Creates a vocabulary from its tokens in id order.
    ///
    /// - Throws: ``TokenizerError`` when a token is empty or appears twice.
    public init(tokens: [String]) throws(TokenizerError) {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            guard !token.isEmpty else {
                throw TokenizerError(.invalidVocabulary, "vocabulary line \(id + 1) is empty")
            }
            guard ids.updateValue(id, forKey: token) == nil else {
                throw TokenizerError(.invalidVocabulary, "vocabulary token '\(token)' appears twice (line \(id + 1))")
            }
        }
        self.storage = Storage(tokens: tokens, ids: ids)
    }

    /// Reads a `vocab.txt`: UTF-8, one token per line, ids counted from 0. A trailing newline is
    /// allowed; `\r\n` line ends are accepted.
    public init(contentsOf url: URL) throws(TokenizerError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError(
                .invalidVocabulary, "cannot read vocabulary \(url.path): \(error.localizedDescription)", cause: error)
        }
        // Split bytes, not Characters: "\r\n" is one Character and would never equal "\n".
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines)
    }

    /// The number of tokens.
    public var count: Int { storage.tokens.count }

    /// The id of `token`, or `nil` when it is not in the vocabulary.
    public func id(for token: String) -> Int? { storage.ids[token] }

    /// The token with `id`, or `nil` when `id` is out of range.
    public func token(for id: Int) -> String? { storage.tokens.indices.contains(id) ? storage.tokens[id] : nil }

    /// The longest token that starts `word[start...]`, walking the trie from `node`.
    @inline(__always)
    func longestMatch(
        in word: [Unicode.Scalar], from start: Int, startingAt node: TokenTrie.Node
    ) -> (end: Int, id: Int)? {
        storage.trie.longestMatch(in: word, from: start, startingAt: node)
    }
}
