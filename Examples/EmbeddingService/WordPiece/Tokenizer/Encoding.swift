/// One tokenized text: `[CLS]`, its word pieces, `[SEP]`, with the model's other two inputs.
///
/// ```swift
/// let encoding = tokenizer.encode("Hello, world!")
/// encoding.ids            // [101, 7592, 1010, 2088, 999, 102]
/// encoding.attentionMask  // [1, 1, 1, 1, 1, 1]
/// ```
public struct Encoding: Sendable, Hashable {
    /// Token ids, special tokens included.
    public var ids: [Int]
    /// 1 for a real token, 0 for padding.
    public var attentionMask: [Int]
    /// The segment of each token: 0 throughout for a single text.
    public var typeIDs: [Int]

    /// Creates an encoding of one segment: every token attended, type 0.
    public init(ids: [Int]) {
        self.ids = ids
        self.attentionMask = Array(repeating: 1, count: ids.count)
        self.typeIDs = Array(repeating: 0, count: ids.count)
    }

    /// The number of tokens, padding included.
    public var count: Int { ids.count }

    /// This encoding padded on the right to `length` with `padID` (mask 0, type 0). An encoding
    /// already that long or longer is returned unchanged.
    public func padded(to length: Int, padID: Int) -> Encoding {
        guard length > count else { return self }
        var padded = self
        let extra = length - count
        padded.ids += repeatElement(padID, count: extra)
        padded.attentionMask += repeatElement(0, count: extra)
        padded.typeIDs += repeatElement(0, count: extra)
        return padded
    }
}
