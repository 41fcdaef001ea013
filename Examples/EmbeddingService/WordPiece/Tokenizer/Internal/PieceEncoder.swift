/// Turns words into word-piece ids: greedy longest-match-first, the longest vocabulary token that
/// starts the rest of the word, with `##` after the first piece; `[UNK]` for the whole word when
/// some part matches nothing or the word is too long. Stops taking words at `limit` ids.
struct PieceEncoder: WordSink {
    let vocabulary: Vocabulary
    let continuationNode: TokenTrie.Node?
    let unkID: Int
    let maxInputCharsPerWord: Int
    let limit: Int
    var ids: [Int]

    mutating func take(_ word: [Unicode.Scalar]) -> Bool {
        appendPieces(of: word)
        return ids.count < limit
    }

    private mutating func appendPieces(of word: [Unicode.Scalar]) {
        guard word.count <= maxInputCharsPerWord else {
            ids.append(unkID)
            return
        }
        let mark = ids.count
        var start = 0
        while start < word.count {
            let node = start == 0 ? TokenTrie.root : continuationNode
            guard let node, let match = vocabulary.longestMatch(in: word, from: start, startingAt: node) else {
                ids.removeSubrange(mark...)
                ids.append(unkID)
                return
            }
            ids.append(match.id)
            start = match.end
        }
    }
}
