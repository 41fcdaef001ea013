internal import Foundation

/// Receives the words of a text, one at a time; returns `false` to stop the walk.
protocol WordSink {
    mutating func take(_ word: [Unicode.Scalar]) -> Bool
}

/// BERT's basic tokenization, in one pass over Unicode scalars: clean the text (drop controls,
/// map whitespace to separators), put CJK ideographs in words of their own, strip accents
/// (canonical decomposition, then drop non-spacing marks), lowercase, and split punctuation
/// into words of its own.
struct BasicTokenizer: Sendable {
    var lowercases: Bool
    var stripsAccents: Bool
    var splitsCJK: Bool

    /// Hands each word of `text` to `sink` in order, until it returns `false`. Returns `false`
    /// when the sink stopped the walk.
    @discardableResult
    func forEachWord<Sink: WordSink>(in text: Substring, into sink: inout Sink) -> Bool {
        var word = WordBuffer()
        let isASCII =
            text.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0x80 } }
            ?? text.utf8.allSatisfy { $0 < 0x80 }
        if isASCII {
            for scalar in text.unicodeScalars {
                guard step(ascii: scalar, &word, &sink) else { return false }
            }
            return word.flush(&sink)
        }

        // Decomposing the whole segment first is what the reference does; it is also what makes
        // accents separable (é becomes e + U+0301) and Hangul syllables become jamo.
        let decomposed = stripsAccents ? String(text).decomposedStringWithCanonicalMapping : String(text)
        for scalar in decomposed.unicodeScalars {
            if scalar.value < 0x80 {
                guard step(ascii: scalar, &word, &sink) else { return false }
                continue
            }
            if scalar.isBERTRemoved { continue }
            if scalar.isBERTWhitespace {
                guard word.flush(&sink) else { return false }
                continue
            }
            if splitsCJK && scalar.isCJKIdeograph {
                guard word.flush(&sink), word.alone(scalar, &sink) else { return false }
                continue
            }
            if stripsAccents && scalar.isNonspacingMark { continue }
            if lowercases {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    guard word.append(lower, &sink) else { return false }
                }
            } else {
                guard word.append(scalar, &sink) else { return false }
            }
        }
        return word.flush(&sink)
    }

    /// The ASCII fast path: no decomposition, no property lookups.
    @inline(__always)
    private func step<Sink: WordSink>(
        ascii scalar: Unicode.Scalar, _ word: inout WordBuffer, _ sink: inout Sink
    ) -> Bool {
        if scalar.isBERTRemoved { return true }
        if scalar.isBERTWhitespace { return word.flush(&sink) }
        if lowercases, scalar.value >= 0x41, scalar.value <= 0x5A {
            return word.append(Unicode.Scalar(UInt8(scalar.value + 0x20)), &sink)
        }
        return word.append(scalar, &sink)
    }
}

/// The word being built, reused from word to word.
private struct WordBuffer {
    var scalars: [Unicode.Scalar] = []

    init() { scalars.reserveCapacity(32) }

    /// Hands the word to `sink` and empties it; `false` when the sink says stop.
    @inline(__always)
    mutating func flush<Sink: WordSink>(_ sink: inout Sink) -> Bool {
        guard !scalars.isEmpty else { return true }
        let proceed = sink.take(scalars)
        scalars.removeAll(keepingCapacity: true)
        return proceed
    }

    /// Hands `scalar` to `sink` as a word of its own (the current word must be empty).
    @inline(__always)
    mutating func alone<Sink: WordSink>(_ scalar: Unicode.Scalar, _ sink: inout Sink) -> Bool {
        scalars.append(scalar)
        return flush(&sink)
    }

    /// Adds one normalised scalar, splitting punctuation into a word of its own.
    @inline(__always)
    mutating func append<Sink: WordSink>(_ scalar: Unicode.Scalar, _ sink: inout Sink) -> Bool {
        if scalar.isBERTPunctuation {
            return flush(&sink) && alone(scalar, &sink)
        }
        scalars.append(scalar)
        return true
    }
}
