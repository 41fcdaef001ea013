import Testing

@testable import BentoHTTP

@Suite struct RunnerEndpointTests {
    @Test(arguments: [
        ("http://127.0.0.1:3001", RunnerEndpoint.Address.tcp(host: "127.0.0.1", port: 3001)),
        ("http://runner-iris/", .tcp(host: "runner-iris", port: 80)),
        ("http://[::1]:9000", .tcp(host: "::1", port: 9000)),
        ("unix:/tmp/iris.sock", .unix(path: "/tmp/iris.sock")),
        ("unix:///tmp/iris.sock", .unix(path: "/tmp/iris.sock")),
    ])
    func parses(url: String, address: RunnerEndpoint.Address) throws {
        #expect(try RunnerEndpoint(url: url).address == address)
    }

    @Test(arguments: ["ftp://x", "http://:80", "http://h:0", "http://h:99999", "unix:relative.sock", "http://h:1/v2/models/x"])
    func refusesWithTheURLNamed(url: String) {
        #expect {
            try RunnerEndpoint(url: url)
        } throws: { error in
            "\(error)".contains(url)
        }
    }
}
