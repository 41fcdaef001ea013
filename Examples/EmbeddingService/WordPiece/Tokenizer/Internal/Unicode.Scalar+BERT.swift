/// The character classes of BERT's basic tokenizer, as the reference (Hugging Face
/// `tokenizers`' `BertNormalizer` and `BertPreTokenizer`) defines them.
extension Unicode.Scalar {
    /// Removed by text cleaning: NUL, U+FFFD, and "other" characters (controls, formats,
    /// private use, surrogates) except tab, newline and carriage return. Unassigned code points
    /// are kept, as the reference keeps them.
    @inline(__always)
    var isBERTRemoved: Bool {
        let v = value
        if v < 0x80 {
            return v == 0x7F || (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D)
        }
        if v == 0xFFFD { return true }
        switch properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// Separates words: Unicode `White_Space` (tab, newline and carriage return included).
    @inline(__always)
    var isBERTWhitespace: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return properties.isWhitespace
    }

    /// A word of its own: ASCII punctuation and symbols, and every Unicode punctuation category.
    @inline(__always)
    var isBERTPunctuation: Bool {
        let v = value
        if v < 0x80 {
            return (v >= 0x21 && v <= 0x2F) || (v >= 0x3A && v <= 0x40) || (v >= 0x5B && v <= 0x60)
                || (v >= 0x7B && v <= 0x7E)
        }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// A CJK Unified Ideograph (or compatibility ideograph): tokenized as its own word.
    @inline(__always)
    var isCJKIdeograph: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// A non-spacing combining mark (`Mn`): dropped when accents are stripped.
    @inline(__always)
    var isNonspacingMark: Bool {
        value >= 0x300 && properties.generalCategory == .nonspacingMark
    }
}
