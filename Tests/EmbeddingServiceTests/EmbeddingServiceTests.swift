import BentoCore
import BentoTesting
import Foundation
import Synchronization
import Testing
import WordPiece

@testable import embedding_service

/// The service's wiring with a stand-in model: tokenizer → runner (batching, padding,
/// slicing) → pooling, and the `embed` API's JSON contract.
@Suite("Embedding service")
struct EmbeddingServiceTests {
    static let width = 384

    /// A stand-in encoder whose token vectors depend only on the token id, as a real encoder's
    /// would on padding-masked inputs; it records the batch sizes it was called with.
    final class FakeEncoder: Sendable {
        let batchRows = Mutex<[Int]>([])

        func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
            let ids = try #require(inputs["input_ids"])
            #expect(inputs["attention_mask"]?.shape == ids.shape)
            #expect(inputs["token_type_ids"]?.shape == ids.shape)
            batchRows.withLock { $0.append(ids.shape[0]) }
            var values: [Float] = []
            values.reserveCapacity(ids.count * width)
            for id in try ids.values(as: Int64.self) {
                for k in 0..<width { values.append(sin(Float(id) * 0.013 + Float(k) * 0.7)) }
            }
            return ["last_hidden_state": try Tensor(values, shape: ids.shape + [width])]
        }
    }

    func withService<T>(
        _ body: (BentoService, WordPieceTokenizer, FakeEncoder) async throws -> T
    ) async throws -> T {
        let tokenizer = try ReferenceFixtures.tokenizer()
        let encoder = FakeEncoder()
        let runner = try Runner.embedding(runnable: .swift(workers: 1) { @Sendable inputs in try encoder.run(inputs) })
        let service = BentoService.embedding(tokenizer: tokenizer, runner: runner)
        try service.validate()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runner.run() }
            defer { group.cancelAll() }
            return try await body(service, tokenizer, encoder)
        }
    }

    func call(_ service: BentoService, _ json: String) async throws -> APIResponse {
        let api = try #require(service.apis.first { $0.name == "embed" })
        return try await api.call(
            APIRequest(body: Array(json.utf8), contentType: "application/json"),
            context: RequestContext(requestID: "test")
        )
    }

    @Test("concurrent requests of different lengths, batched by the runner, equal unbatched embeddings")
    func batchingDoesNotChangeResults() async throws {
        let requests = (0..<24).map { i in
            (0...(i % 5)).map { j in String(repeating: "word\(j) ", count: 1 + (i + j) % 7) + "end \(i)." }
        }
        try await withService { service, tokenizer, encoder in
            let direct = SentenceEmbedder(tokenizer: tokenizer) { @Sendable inputs in try encoder.run(inputs) }
            let batched = try await withThrowingTaskGroup(of: (Int, [[Float]]).self) { group in
                for (index, sentences) in requests.enumerated() {
                    group.addTask {
                        let response = try await call(
                            service,
                            String(
                                decoding: try JSONEncoder().encode(EmbedRequest(sentences: sentences)), as: UTF8.self))
                        return (
                            index, try JSONDecoder().decode(EmbedResponse.self, from: Data(response.body)).embeddings
                        )
                    }
                }
                var results = [[[Float]]](repeating: [], count: requests.count)
                for try await (index, embeddings) in group { results[index] = embeddings }
                return results
            }
            let rows = encoder.batchRows.withLock { $0 }
            // Every sentence was run exactly once, however the batcher grouped them.
            #expect(rows.reduce(0, +) == requests.map(\.count).reduce(0, +))
            for (sentences, embeddings) in zip(requests, batched) {
                let expected = try await direct.embed(sentences)
                #expect(embeddings.count == sentences.count)
                for (got, want) in zip(embeddings, expected) {
                    #expect(got.count == Self.width)
                    #expect(got.cosineSimilarity(to: want) > 0.99999)
                    #expect(abs(got.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
                }
            }
        }
    }

    @Test("a request with more sentences than a batch holds is split and comes back in order")
    func largeRequest() async throws {
        let sentences = (0..<150).map { "sentence number \($0) " + String(repeating: "x ", count: $0 % 9) }
        try await withService { service, tokenizer, encoder in
            let response = try await call(
                service, String(decoding: try JSONEncoder().encode(EmbedRequest(sentences: sentences)), as: UTF8.self))
            let embeddings = try JSONDecoder().decode(EmbedResponse.self, from: Data(response.body)).embeddings
            let rows = encoder.batchRows.withLock { $0 }
            #expect(rows.allSatisfy { $0 <= 64 }, "batches of \(rows)")
            #expect(rows.reduce(0, +) == sentences.count)
            let expected = try await SentenceEmbedder(tokenizer: tokenizer) { @Sendable inputs in
                try encoder.run(inputs)
            }.embed(sentences)
            try #require(embeddings.count == sentences.count)
            for (got, want) in zip(embeddings, expected) { #expect(got.cosineSimilarity(to: want) > 0.99999) }
        }
    }

    @Test("an empty list embeds to an empty list without calling the model")
    func emptyRequest() async throws {
        try await withService { service, _, encoder in
            let response = try await call(service, #"{"sentences": []}"#)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"embeddings":[]}"#)
            #expect(encoder.batchRows.withLock { $0 }.isEmpty)
        }
    }

    @Test(
        "bad input is a 400 naming the field",
        arguments: [
            (#"{"sentences": "one"}"#, "sentences"),
            (#"{"texts": ["a"]}"#, "sentences"),
            (#"{"sentences": [\#((0...256).map { _ in "\"a\"" }.joined(separator: ","))]}"#, "at most 256"),
        ])
    func badInput(body: String, mentions: String) async throws {
        try await withService { service, _, _ in
            let error = await #expect(throws: ServiceError.self) { try await call(service, body) }
            #expect(error?.code == .badInput)
            #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "")")
        }
    }

    @Test("a model output of the wrong shape is reported, not pooled")
    func wrongOutputShape() async throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        let embedder = SentenceEmbedder(tokenizer: tokenizer) { _ in
            ["last_hidden_state": try Tensor([Float](repeating: 0, count: 8), shape: [1, 2, 4])]
        }
        let error = await #expect(throws: ServiceError.self) { try await embedder.embed(["a b c", "d"]) }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("last_hidden_state") == true)
    }
}
