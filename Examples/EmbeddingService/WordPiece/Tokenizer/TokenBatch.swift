/// Encodings padded to one length and laid out row-major, as a BERT model's three `[N, S]`
/// int64 inputs (`input_ids`, `attention_mask`, `token_type_ids`).
///
/// ```swift
/// let batch = TokenBatch(tokenizer.encode(["a cat", "a very big dog"]), padID: tokenizer.padID)
/// batch.shape          // [2, 6]
/// batch.attentionMask  // [1, 1, 1, 1, 0, 0,  1, 1, 1, 1, 1, 1]
/// ```
public struct TokenBatch: Sendable, Hashable {
    /// The number of texts.
    public let rows: Int
    /// The padded sequence length.
    public let length: Int
    /// Token ids, `rows × length`.
    public var inputIDs: [Int64]
    /// 1 for a real token, 0 for padding, `rows × length`.
    public var attentionMask: [Int64]
    /// Segment ids, `rows × length`.
    public var tokenTypeIDs: [Int64]

    /// The shape of each input: `[rows, length]`.
    public var shape: [Int] { [rows, length] }

    /// Pads `encodings` on the right with `padID` to `length`, or to the longest of them when
    /// `length` is `nil`. An encoding longer than `length` is cut to it.
    public init(_ encodings: [Encoding], padID: Int, length: Int? = nil) {
        let length = length ?? encodings.map(\.count).max() ?? 0
        self.rows = encodings.count
        self.length = length
        inputIDs = []
        attentionMask = []
        tokenTypeIDs = []
        inputIDs.reserveCapacity(rows * length)
        attentionMask.reserveCapacity(rows * length)
        tokenTypeIDs.reserveCapacity(rows * length)
        for encoding in encodings {
            let padded = encoding.padded(to: length, padID: padID)
            inputIDs += padded.ids.prefix(length).lazy.map(Int64.init)
            attentionMask += padded.attentionMask.prefix(length).lazy.map(Int64.init)
            tokenTypeIDs += padded.typeIDs.prefix(length).lazy.map(Int64.init)
        }
    }
}
