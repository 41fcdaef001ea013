import ArgumentParser

/// `bento models`: manage the local model store.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Manage models in the local store ($BENTO_HOME/models).",
        subcommands: [
            ModelsList.self, ModelsGet.self, ModelsImport.self, ModelsExport.self, ModelsDelete.self, ModelsVerify.self,
        ]
    )
}
