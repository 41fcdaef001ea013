import ArgumentParser
import Testing

@testable import BentoCLI

@Suite struct CommandTests {
    @Test func rootCommandIsNamedBento() {
        #expect(BentoCommand.configuration.commandName == "bento")
    }
}
