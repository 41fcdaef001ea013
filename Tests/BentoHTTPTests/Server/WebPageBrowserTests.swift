import BentoTesting
import Foundation
import Testing

@testable import BentoHTTP

/// The web page in a real headless browser (Debian's `chromium`): it loads, lists the APIs, and
/// a call made from the page shows the API's answer.
@Suite struct WebPageBrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test
    func pageListsAPIsAndShowsAnAnswer() async throws {
        let chromium = try #require(Self.chromium, "needs chromium: apt-get install chromium (.ci/run does)")
        try await LiveServer.with(service: testService(name: "browser")) { server in
            try await Fixtures.withTemporaryDirectory { profile in
                let result = try await runChild(
                    chromium,
                    [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--user-data-dir=\(profile.path)", "--virtual-time-budget=15000", "--dump-dom",
                        "http://127.0.0.1:\(server.port)/#try=add&a=2&b=3.5",
                    ]
                )
                let dom = result.stdout
                #expect(dom.contains(#"id="api-add""#), "\(result.stderr.suffix(2000))")
                #expect(dom.contains(#"id="api-echo""#))
                #expect(dom.contains("POST /add"))
                #expect(dom.contains("200 "), "\(dom)")
                #expect(dom.contains(#""sum": 5.5"#), "\(dom)")
                #expect(dom.contains(" ms"))
            }
        }
    }
}
