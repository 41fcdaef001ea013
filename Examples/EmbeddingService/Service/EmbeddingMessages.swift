/// The body of `POST /embed`: the sentences to embed.
struct EmbedRequest: Codable, Sendable {
    /// The texts, embedded in order.
    var sentences: [String]
}

/// The response of `POST /embed`: one unit-length 384-dimensional vector per sentence, in order.
struct EmbedResponse: Codable, Sendable {
    /// The embeddings; the dot product of two is their cosine similarity.
    var embeddings: [[Float]]
}
