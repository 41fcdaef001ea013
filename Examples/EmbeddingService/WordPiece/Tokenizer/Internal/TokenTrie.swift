/// A trie over vocabulary tokens, keyed by Unicode scalars. Its edges live in one open-addressing
/// hash table keyed by (node, scalar) with a multiplicative hash, so a walk allocates nothing and
/// costs one cheap probe per scalar. Built once; read-only afterwards.
struct TokenTrie: Sendable {
    /// A node; the root is 0.
    typealias Node = Int32

    private static let empty = UInt64.max
    private var keys: [UInt64]
    private var children: [Node]
    private var shift: UInt64
    /// The token id that ends at each node, or -1.
    private var terminal: [Int32] = [-1]

    static let root: Node = 0

    init(tokens: [String]) {
        let edgeBound = max(16, tokens.reduce(0) { $0 + $1.unicodeScalars.count })
        var capacity = 16
        while capacity < edgeBound * 2 { capacity <<= 1 }
        keys = Array(repeating: Self.empty, count: capacity)
        children = Array(repeating: -1, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for (id, token) in tokens.enumerated() {
            var node = Self.root
            for scalar in token.unicodeScalars {
                node = insertChild(node, scalar)
            }
            terminal[Int(node)] = Int32(id)
        }
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

    private mutating func insertChild(_ node: Node, _ scalar: Unicode.Scalar) -> Node {
        let key = Self.key(node, scalar)
        let mask = keys.count - 1
        var slot = slot(for: key)
        while keys[slot] != Self.empty {
            if keys[slot] == key { return children[slot] }
            slot = (slot + 1) & mask
        }
        let next = Node(terminal.count)
        terminal.append(-1)
        keys[slot] = key
        children[slot] = next
        return next
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    private static func key(_ node: Node, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
    }
}
