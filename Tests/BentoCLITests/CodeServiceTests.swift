import BentoCore
import Testing

@testable import BentoCLI

/// What a Swift service's runner needs to run in its own process, and how its methods are named there.
@Suite struct CodeServiceTests {
    static let echo: ClosureRunnable = .swift { inputs in inputs }

    @Test func aRunnerWithoutSignaturesOrAModelToLoadCannotRunInAProcess() throws {
        let runner = try Runner(name: "echo", runnable: Self.echo, methods: [RunnerMethod(name: "run")])
        #expect {
            try CodeService.checkHostable(runner)
        } throws: { error in
            (error as? CLIError)?.message.contains("method 'run' declares no signature") == true
        }
        let signed = try Runner(
            name: "echo", runnable: Self.echo,
            methods: [RunnerMethod(name: "run", signature: ModelSignature(inputs: [TensorSpec(name: "x", dtype: .float32, shape: [-1])]))]
        )
        try CodeService.checkHostable(signed)
        let loading = try Runner(
            name: "m", runnable: LoadingRunnable(name: "m", workers: 1) { Self.echo }, methods: [RunnerMethod(name: "run")]
        )
        try CodeService.checkHostable(loading)
    }

    @Test func oneMethodIsServedUnderTheRunnersNameSeveralUnderTheirOwn() {
        #expect(CodeService.modelName(runner: "iris", method: "run", methods: ["run"]) == "iris")
        #expect(CodeService.modelName(runner: "nlp", method: "embed", methods: ["embed", "classify"]) == "nlp.embed")
    }
}
