import BentoTesting
import Foundation
import Testing
import WordPiece

/// The rules one at a time, on a vocabulary small enough to reason about.
@Suite("WordPiece rules")
struct WordPieceTokenizerTests {
    static let tokens = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "un", "##aff", "##able", "aff", "able", "a", "##a", "want", "##ed", "run", "##ning",
        ",", "!", "'", "t", "cafe", "中", "文", "##", "##b",
    ]

    func tokenizer(_ configuration: WordPieceTokenizer.Configuration = .defaults) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabulary: Vocabulary(tokens: Self.tokens), configuration: configuration)
    }

    @Test("greedy longest match first with ## continuations")
    func longestMatch() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.tokenize("unaffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.tokenize("wanted running") == ["want", "##ed", "run", "##ning"])
        #expect(tokenizer.tokenize("aaa") == ["a", "##a", "##a"])
    }

    @Test("a word with an unmatched part is one [UNK]")
    func unknownWord() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.tokenize("unaffablex want") == ["[UNK]", "want"])
        #expect(tokenizer.tokenize("zzz") == ["[UNK]"])
    }

    @Test("a word over the character limit is [UNK]; at the limit it is tokenized")
    func longWords() throws {
        let tokenizer = try tokenizer(.init(maxInputCharsPerWord: 5))
        #expect(tokenizer.tokenize("aaaaa") == ["a", "##a", "##a", "##a", "##a"])
        #expect(tokenizer.tokenize("aaaaaa") == ["[UNK]"])
    }

    @Test("punctuation, case, accents and CJK")
    func basicTokenization() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.tokenize("Want,RUN!") == ["want", ",", "run", "!"])
        #expect(tokenizer.tokenize("Café") == ["cafe"])
        #expect(tokenizer.tokenize("Cafe\u{301}") == ["cafe"])
        #expect(tokenizer.tokenize("un中文able") == ["un", "中", "文", "able"])
        #expect(tokenizer.tokenize("wan't") == ["[UNK]", "'", "t"])
    }

    @Test("whitespace separates, controls vanish without separating")
    func cleaning() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.tokenize("want\u{00A0}\u{2028}run\t\r\n") == ["want", "run"])
        #expect(tokenizer.tokenize("wa\u{0}n\u{200B}t\u{FFFD}ed") == ["want", "##ed"])
        #expect(tokenizer.tokenize(" \n\t ").isEmpty)
    }

    @Test("accents and case kept when turned off")
    func cased() throws {
        let tokenizer = try tokenizer(.init(lowercases: false))
        #expect(tokenizer.tokenize("Cafe") == ["[UNK]"])
        #expect(tokenizer.tokenize("cafe\u{301}") == ["[UNK]"])
    }

    @Test("literal special tokens are recognised, exactly and before normalisation")
    func specialTokens() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("run[SEP]want [MASK]").ids == [2, 14, 3, 12, 4, 3])
        #expect(tokenizer.tokenize("[sep]") == ["[UNK]", "[UNK]", "[UNK]"])
        let plain = try self.tokenizer(.init(splitsSpecialTokens: false))
        #expect(plain.tokenize("[SEP]") == ["[UNK]", "[UNK]", "[UNK]"])
    }

    @Test("[CLS] and [SEP] wrap every encoding; truncation keeps them", arguments: [2, 3, 4, 6, 100])
    func truncation(maxLength: Int) throws {
        let tokenizer = try tokenizer(.init(maxLength: maxLength))
        let full = [2, 5, 6, 7, 12, 13, 3]  // [CLS] un ##aff ##able want ##ed [SEP]
        let ids = tokenizer.encode("unaffable wanted").ids
        #expect(ids.count == min(maxLength, full.count))
        #expect(ids.first == 2 && ids.last == 3)
        #expect(Array(ids.dropLast()) == Array(full.prefix(ids.count - 1)))
    }

    @Test("no maxLength keeps every token")
    func noTruncation() throws {
        let tokenizer = try tokenizer(.init(maxLength: nil))
        let ids = tokenizer.encode(String(repeating: "want ", count: 500)).ids
        #expect(ids.count == 502)
        #expect(ids.first == 2 && ids.last == 3)
    }

    @Test("an empty text encodes to [CLS] [SEP]")
    func empty() throws {
        let encoding = try tokenizer().encode("")
        #expect(encoding.ids == [2, 3])
        #expect(encoding.attentionMask == [1, 1])
        #expect(encoding.typeIDs == [0, 0])
    }

    @Test("bad vocabularies and settings are refused with a reason")
    func errors() throws {
        let missing = #expect(throws: TokenizerError.self) {
            try WordPieceTokenizer(vocabulary: Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]"]))
        }
        #expect(missing?.code == .missingSpecialToken)
        #expect(missing?.message.contains("[SEP]") == true)
        let duplicate = #expect(throws: TokenizerError.self) { try Vocabulary(tokens: ["a", "b", "a"]) }
        #expect(duplicate?.code == .invalidVocabulary)
        let short = #expect(throws: TokenizerError.self) { try tokenizer(.init(maxLength: 1)) }
        #expect(short?.code == .invalidConfiguration)
    }

    @Test("vocab.txt: line numbers are ids; CRLF and a trailing newline are fine")
    func vocabularyFile() async throws {
        try await Fixtures.withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("vocab.txt")
            try Data("[PAD]\r\n[UNK]\r\nhello\r\n##s\r\n".utf8).write(to: file)
            let vocabulary = try Vocabulary(contentsOf: file)
            #expect(vocabulary.count == 4)
            #expect(vocabulary.id(for: "hello") == 2)
            #expect(vocabulary.token(for: 3) == "##s")
            #expect(vocabulary.token(for: 4) == nil)
        }
    }

    @Test("the real vocabulary loads with the model's special token ids")
    func realVocabulary() throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        #expect(tokenizer.vocabulary.count == 30522)
        let special: [Int] = [tokenizer.padID, tokenizer.unkID, tokenizer.clsID, tokenizer.sepID]
        #expect(special == [0, 100, 101, 102])
    }
}
