// Tokenizer throughput (figures only, never a pass/fail). Built by run.sh with `swiftc -O`
// together with the WordPiece sources, as one module.
import Foundation

let arguments = CommandLine.arguments
let vocab = arguments.count > 1 ? arguments[1] : ".fixtures/minilm/vocab.txt"
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 2 : 2

let english = [
    "The quick brown fox jumps over the lazy dog while the cat watches from the window.",
    "A sentence-embedding API tokenizes text, runs the model and mean-pools its output.",
    "Quarterly revenue grew by twelve percent, driven by strong demand in Europe and Asia.",
    "Don't forget: the meeting starts at 3:45pm (sharp), in room B-12!",
    "Researchers found that unsupervised pretraining improves downstream classification accuracy.",
]
let mixed = [
    "Café naïve résumé façade coöperate Ångström Øresund",
    "日本語のテキストと中文文本混合",
    "İstanbul, Straße, ΑΘΗΝΑ, Москва, Ελληνικά",
    "Emoji: 😀 🥰 👍🏽 and text",
    "¿Qué tal? ¡Muy bien! «quotes» „German“ “curly”",
]

func measure(_ name: String, _ tokenizer: WordPieceTokenizer, _ texts: [String]) {
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    var sentences = 0
    var tokens = 0
    let clock = ContinuousClock()
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for text in texts { tokens += tokenizer.encode(text).count }
        sentences += texts.count
        elapsed = clock.now - start
    }
    let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(sentences) / s
    print(
        String(
            format: "%-28@ %10.0f sentences/s  %11.0f tokens/s  %7.1f MB/s  %6.2f µs/sentence",
            name as NSString, rate, Double(tokens) / s, rate * Double(bytes) / Double(texts.count) / 1e6, 1e6 / rate)
    )
}

do {
    let url = URL(fileURLWithPath: vocab)
    let loadStart = ContinuousClock.now
    let tokenizer128 = try WordPieceTokenizer(contentsOf: url)
    print("vocabulary load: \(ContinuousClock.now - loadStart)")
    let tokenizer32 = try WordPieceTokenizer(contentsOf: url, configuration: .init(maxLength: 32))
    measure("english, max 128", tokenizer128, english)
    measure("english, max 32", tokenizer32, english)
    measure("accents/CJK/emoji, max 128", tokenizer128, mixed)
    measure("long text (≈600 words), 128", tokenizer128, [String(repeating: english[4] + " ", count: 60)])
} catch {
    print("error: \(error)")
    exit(1)
}
