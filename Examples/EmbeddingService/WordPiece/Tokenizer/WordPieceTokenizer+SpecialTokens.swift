extension WordPieceTokenizer {
    /// A run of ordinary text, or a special token written literally in the input.
    enum Segment {
        case text(Substring)
        case special(Int)
    }

    /// Splits `text` around literal special tokens (`[SEP]`, `[MASK]`, …), matched exactly and
    /// before any normalisation, as Hugging Face `tokenizers` matches its added tokens.
    func segments(of text: String) -> [Segment] {
        let bracket = UInt8(ascii: "[")
        let hasBracket =
            text.utf8.withContiguousStorageIfAvailable { $0.contains(bracket) } ?? text.utf8.contains(bracket)
        guard configuration.splitsSpecialTokens, hasBracket else {
            return [.text(Substring(text))]
        }
        let scalars = text.unicodeScalars
        var segments: [Segment] = []
        var segmentStart = scalars.startIndex
        var index = segmentStart
        while index < scalars.endIndex {
            guard scalars[index] == "[", let (id, end) = specialToken(in: scalars, at: index) else {
                index = scalars.index(after: index)
                continue
            }
            if segmentStart < index { segments.append(.text(Substring(scalars[segmentStart..<index]))) }
            segments.append(.special(id))
            index = end
            segmentStart = end
        }
        if segmentStart < scalars.endIndex { segments.append(.text(Substring(scalars[segmentStart...]))) }
        return segments
    }

    /// The special token that starts at `start`, with the index after it.
    private func specialToken(
        in scalars: String.UnicodeScalarView,
        at start: String.UnicodeScalarView.Index
    ) -> (id: Int, end: String.UnicodeScalarView.Index)? {
        candidates: for (token, id) in specialTokens {
            var index = start
            for scalar in token {
                guard index < scalars.endIndex, scalars[index] == scalar else { continue candidates }
                index = scalars.index(after: index)
            }
            return (id, index)
        }
        return nil
    }
}
