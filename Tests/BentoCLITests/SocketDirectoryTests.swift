import BentoCore
import Foundation
import Testing

@testable import BentoCLI

/// The private folder of a server's runner sockets, and the sweep of folders that dead servers
/// left behind. Real folders in a temporary parent.
@Suite struct SocketDirectoryTests {
    /// A temporary folder for the body, removed afterwards.
    static func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bento-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func isMadeOnFirstUsePrivateAndRemovedWithItsContents() throws {
        try Self.withTemporaryDirectory { parent in
            let sockets = SocketDirectory(parent: parent)
            let path = try sockets.path()
            #expect(try sockets.path() == path)
            #expect(URL(fileURLWithPath: path).lastPathComponent.hasPrefix("bento-\(getpid())-"))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700)
            FileManager.default.createFile(atPath: path + "/iris-0.sock", contents: Data())
            sockets.remove()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func foldersOfDeadServersAreSweptAndLiveOnesKept() throws {
        try Self.withTemporaryDirectory { parent in
            let exited = Process()
            exited.executableURL = URL(fileURLWithPath: "/bin/true")
            try exited.run()
            exited.waitUntilExit()
            let dead = "\(parent)/bento-\(exited.processIdentifier)-abc123"
            let live = "\(parent)/bento-1-def456"  // init never exits
            let other = "\(parent)/bento-serve-1234abcd.log"
            for folder in [dead, live] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) }
            FileManager.default.createFile(atPath: other, contents: Data())
            SocketDirectory.removeStale(in: parent)
            #expect(!FileManager.default.fileExists(atPath: dead))
            #expect(FileManager.default.fileExists(atPath: live))
            #expect(FileManager.default.fileExists(atPath: other))
        }
    }
}
