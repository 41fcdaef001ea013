import Foundation
import Testing

@testable import BentoCore

@Suite struct TagTests {
    @Test func parsesNameAndVersion() throws {
        let tag = try Tag(parsing: "iris:2uo5fkgxj27exuqj")
        #expect(tag.name == "iris" && tag.version == "2uo5fkgxj27exuqj")
        #expect(try Tag(parsing: "iris").isLatest)
        #expect(try Tag(parsing: "iris:latest") == Tag(name: "iris", version: nil))
        #expect(try Tag(parsing: "my-model.v2_a").description == "my-model.v2_a:latest")
    }

    @Test(arguments: [
        ("Iris", "name 'Iris'"), ("iris:", "version"), (":v1", "name"), ("-iris", "name '-iris'"),
        ("iris:v1-", "version 'v1-'"), ("a:b:c", "one ':'"), ("iris/x", "name 'iris/x'"),
        (String(repeating: "a", count: 64), "longer than 63"), ("iris:" + String(repeating: "b", count: 64), "version"),
    ])
    func rejectsInvalidTagsNamingThePart(text: String, expected: String) {
        let error = #expect(throws: StoreError.self) { try Tag(parsing: text) }
        #expect(error?.code == .invalidTag)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func acceptsMaximumLength() throws {
        let name = String(repeating: "a", count: 63)
        #expect(try Tag(parsing: name).name == name)
    }

    @Test func generatedVersionsAreValidAndSortByTime() throws {
        let early = Tag.generateVersion(at: Date(timeIntervalSince1970: 1_700_000_000))
        let later = Tag.generateVersion(at: Date(timeIntervalSince1970: 1_700_000_000.000002))
        let muchLater = Tag.generateVersion(at: Date(timeIntervalSince1970: 2_500_000_000))
        for version in [early, later, muchLater] {
            #expect(version.count == 16)
            try Tag.validate(version, part: "version")
        }
        #expect(early < later && later < muchLater)
    }
}
