import BentoCore
import BentoTesting
import Foundation
import Testing
import WordPiece

@testable import embedding_service

/// The real thing: the Swift tokenizer, all-MiniLM-L6-v2 through ONNX Runtime behind the
/// batching runner, mean pooling; against onnxruntime + Hugging Face `tokenizers` + numpy in
/// Python (`Tests/Fixtures/embedding/embeddings.json`).
@Suite("Embeddings match Python end to end")
struct EmbeddingEndToEndTests {
    func withService(_ body: (BentoService) async throws -> Void) async throws {
        let tokenizer = try ReferenceFixtures.tokenizer()
        // Shedding is tested elsewhere; here a slow, loaded machine must not turn into 503s.
        let patient = RunnerConfiguration(batching: .init(maxLatency: .seconds(600)))
        let runner = try await Runner.embedding(modelAt: try Fixtures.file("minilm/model.onnx"), configuration: patient)
        let service = BentoService.embedding(tokenizer: tokenizer, runner: runner)
        try service.validate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await runner.run() }
            defer { group.cancelAll() }
            try await body(service)
        }
    }

    func embed(_ service: BentoService, _ sentences: [String]) async throws -> [[Float]] {
        let api = try #require(service.apis.first { $0.name == "embed" })
        let body = try JSONEncoder().encode(EmbedRequest(sentences: sentences))
        let response = try await api.call(
            APIRequest(body: Array(body), contentType: "application/json"),
            context: RequestContext(requestID: "e2e")
        )
        #expect(response.contentType == "application/json")
        return try JSONDecoder().decode(EmbedResponse.self, from: Data(response.body)).embeddings
    }

    @Test("one request: cosine similarity to Python's embedding above 0.9999 for every sentence")
    func oneRequest() async throws {
        let reference = try ReferenceFixtures.embeddings()
        try await withService { service in
            let embeddings = try await embed(service, reference.sentences)
            try #require(embeddings.count == reference.sentences.count)
            for (index, (got, want)) in zip(embeddings, reference.embeddings).enumerated() {
                #expect(got.count == 384)
                let cosine = got.cosineSimilarity(to: want)
                #expect(cosine > 0.9999, "sentence \(index) '\(reference.sentences[index])': cosine \(cosine)")
                #expect(abs(got.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
            }
        }
    }

    @Test("concurrent one-sentence requests, batched and padded together by the runner, give the same embeddings")
    func concurrentRequests() async throws {
        let reference = try ReferenceFixtures.embeddings()
        try await withService { service in
            let embeddings = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
                for _ in 0..<4 {
                    for (index, sentence) in reference.sentences.enumerated() {
                        group.addTask { (index, try await embed(service, [sentence])[0]) }
                    }
                }
                var results: [(Int, [Float])] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(embeddings.count == 4 * reference.sentences.count)
            for (index, got) in embeddings {
                let cosine = got.cosineSimilarity(to: reference.embeddings[index])
                #expect(cosine > 0.9999, "sentence \(index): cosine \(cosine)")
            }
        }
    }

    @Test("paraphrases score higher than unrelated sentences, as in Python")
    func similarityOrdering() async throws {
        let reference = try ReferenceFixtures.embeddings()
        try await withService { service in
            let e = try await embed(service, reference.sentences)
            func cos(_ a: Int, _ b: Int) -> Float { e[a].cosineSimilarity(to: e[b]) }
            // 0/1: the cat on the mat; 2/3: quarterly revenue; 4 and 5 unrelated to both.
            #expect(cos(0, 1) > 0.9)
            #expect(cos(2, 3) > 0.6)
            for unrelated in [2, 3, 4, 5] { #expect(cos(0, 1) > cos(0, unrelated) + 0.5) }
            for unrelated in [0, 1, 4, 5] { #expect(cos(2, 3) > cos(2, unrelated) + 0.5) }
            for a in e.indices {
                for b in e.indices {
                    #expect(abs(cos(a, b) - reference.cosine[a][b]) < 1e-3, "pair \(a), \(b)")
                }
            }
        }
    }
}
