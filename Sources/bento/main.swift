import BentoCLI

await CLI.main()
