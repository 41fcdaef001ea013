internal import Foundation

/// BERT's basic tokenization, in one pass over Unicode scalars: clean the text (drop controls,
/// map whitespace to separators), put CJK ideographs in words of their own, strip accents
/// (canonical decomposition, then drop non-spacing marks), lowercase, and split punctuation
/// into words of its own.
struct BasicTokenizer: Sendable {
    var lowercases: Bool
    var stripsAccents: Bool
    var splitsCJK: Bool

    /// Calls `body` with each word of `text` in order, as Unicode scalars, until it returns
    /// `false`. Returns `false` when `body` stopped the walk.
    @discardableResult
    func forEachWord(in text: Substring, _ body: ([Unicode.Scalar]) -> Bool) -> Bool {
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)

        /// Hands the current word to `body` and empties it; `false` when `body` says stop.
        func flush() -> Bool {
            guard !word.isEmpty else { return true }
            let proceed = body(word)
            word.removeAll(keepingCapacity: true)
            return proceed
        }

        /// Adds one normalised scalar, splitting punctuation into a word of its own.
        func append(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isBERTPunctuation {
                guard flush() else { return false }
                word.append(scalar)
                return flush()
            }
            word.append(scalar)
            return true
        }

        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        if isASCII {
            for scalar in text.unicodeScalars {
                guard step(asciiScalar: scalar, flush: flush, append: append) else { return false }
            }
            return flush()
        }

        // Decomposing the whole segment first is what the reference does; it is also what makes
        // accents separable (é becomes e + U+0301) and Hangul syllables become jamo.
        let scalars = stripsAccents ? String(text).decomposedStringWithCanonicalMapping.unicodeScalars : String(text).unicodeScalars
        for scalar in scalars {
            if scalar.value < 0x80 {
                guard step(asciiScalar: scalar, flush: flush, append: append) else { return false }
                continue
            }
            if scalar.isBERTRemoved { continue }
            if scalar.isBERTWhitespace {
                guard flush() else { return false }
                continue
            }
            if splitsCJK && scalar.isCJKIdeograph {
                guard flush() else { return false }
                word.append(scalar)
                guard flush() else { return false }
                continue
            }
            if stripsAccents && scalar.isNonspacingMark { continue }
            if lowercases {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    guard append(lower) else { return false }
                }
            } else {
                guard append(scalar) else { return false }
            }
        }
        return flush()
    }

    /// The ASCII fast path: no decomposition, no property lookups.
    @inline(__always)
    private func step(
        asciiScalar scalar: Unicode.Scalar,
        flush: () -> Bool,
        append: (Unicode.Scalar) -> Bool
    ) -> Bool {
        if scalar.isBERTRemoved { return true }
        if scalar.isBERTWhitespace { return flush() }
        if lowercases, scalar.value >= 0x41, scalar.value <= 0x5A {
            return append(Unicode.Scalar(UInt8(scalar.value + 0x20)))
        }
        return append(scalar)
    }
}
