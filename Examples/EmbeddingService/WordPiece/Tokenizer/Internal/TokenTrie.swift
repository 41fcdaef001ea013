/// A trie over vocabulary tokens, keyed by Unicode scalars. Its edges live in one open-addressing
/// hash table keyed by (node, scalar) with a multiplicative hash, so a walk allocates nothing and
/// costs one cheap probe per scalar. Built once; read-only afterwards. A class, so that walking it
/// from a copied tokenizer never retains its tables.
final class TokenTrie: Sendable {
    /// A node; the root is 0.
    typealias Node = Int32

    fileprivate static let empty = UInt64.max
    private let keys: [UInt64]
    private let children: [Node]
    private let shift: UInt64
    /// The token id that ends at each node, or -1.
    private let terminal: [Int32]

    static let root: Node = 0

    init(tokens: [String]) {
        var table = Table(edgeBound: tokens.reduce(0) { $0 + $1.unicodeScalars.count })
        for (id, token) in tokens.enumerated() {
            var node = Self.root
            for scalar in token.unicodeScalars {
                node = table.insertChild(node, scalar)
            }
            table.terminal[Int(node)] = Int32(id)
        }
        keys = table.keys
        children = table.children
        shift = table.shift
        terminal = table.terminal
    }

    /// The child of `node` along `scalar`.
    @inline(__always)
    func child(_ node: Node, _ scalar: Unicode.Scalar) -> Node? {
        let key = Self.key(node, scalar)
        let mask = keys.count - 1
        var slot = slot(for: key)
        while true {
            let found = keys[slot]
            if found == key { return children[slot] }
            if found == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The node reached from the root along `prefix`, if every step exists.
    func node(for prefix: String) -> Node? {
        var node = Self.root
        for scalar in prefix.unicodeScalars {
            guard let next = child(node, scalar) else { return nil }
            node = next
        }
        return node
    }

    /// The longest token that starts `word[start...]`, walking from `from`: its end index and id.
    func longestMatch(in word: [Unicode.Scalar], from start: Int, startingAt from: Node) -> (end: Int, id: Int)? {
        var node = from
        var best: (end: Int, id: Int)?
        var index = start
        while index < word.count, let next = child(node, word[index]) {
            node = next
            index += 1
            let id = terminal[Int(next)]
            if id >= 0 { best = (index, Int(id)) }
        }
        return best
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Self.slot(for: key, shift: shift)
    }

    @inline(__always)
    fileprivate static func slot(for key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    fileprivate static func key(_ node: Node, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
    }
}

/// The trie's tables while it is built.
private struct Table {
    var keys: [UInt64]
    var children: [TokenTrie.Node]
    var shift: UInt64
    var terminal: [Int32] = [-1]

    init(edgeBound: Int) {
        var capacity = 16
        while capacity < max(16, edgeBound) * 2 { capacity <<= 1 }
        keys = Array(repeating: TokenTrie.empty, count: capacity)
        children = Array(repeating: -1, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// The child of `node` along `scalar`, created when missing.
    mutating func insertChild(_ node: TokenTrie.Node, _ scalar: Unicode.Scalar) -> TokenTrie.Node {
        let key = TokenTrie.key(node, scalar)
        let mask = keys.count - 1
        var slot = TokenTrie.slot(for: key, shift: shift)
        while keys[slot] != TokenTrie.empty {
            if keys[slot] == key { return children[slot] }
            slot = (slot + 1) & mask
        }
        let next = TokenTrie.Node(terminal.count)
        terminal.append(-1)
        keys[slot] = key
        children[slot] = next
        return next
    }
}
